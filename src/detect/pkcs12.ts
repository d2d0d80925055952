/**
 * Recognises a PKCS#12 key store (.p12 / .pfx, RFC 7292) from its bytes, without a password:
 * `PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData MacData OPTIONAL }`, where
 * `authSafe` is a SEQUENCE that opens with the PKCS#7 `data` or `signedData` object identifier.
 * The outer SEQUENCE must span the whole file: an empty, truncated or text file named `x.p12` is not one.
 */

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OID = 0x06;
/** 1.2.840.113549.1.7 (PKCS#7), followed by 1 (data) or 2 (signedData). */
const PKCS7 = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07];

export interface DerHeader {
  tag: number;
  /** Offset of the value. */
  start: number;
  /** Length of the value; -1 for BER's indefinite length. */
  length: number;
}

/** Reads a DER/BER tag-length header at `at`; undefined when the bytes run out or the length is absurd. */
export function derHeader(b: Uint8Array, at: number): DerHeader | undefined {
  if (at + 2 > b.length) return undefined;
  const tag = b[at]!;
  const first = b[at + 1]!;
  if (first < 0x80) return { tag, start: at + 2, length: first };
  if (first === 0x80) return { tag, start: at + 2, length: -1 };
  const n = first & 0x7f;
  if (n > 4 || at + 2 + n > b.length) return undefined;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + b[at + 2 + i]!;
  return { tag, start: at + 2 + n, length };
}

export function isPkcs12(b: Uint8Array): boolean {
  const pfx = derHeader(b, 0);
  if (!pfx || pfx.tag !== SEQUENCE) return false;
  // DER: the outer SEQUENCE is the whole file. BER's indefinite form ends with two zero bytes instead.
  if (pfx.length === -1 ? b.length < 4 || b[b.length - 1] !== 0 || b[b.length - 2] !== 0 : pfx.start + pfx.length !== b.length) return false;
  const version = derHeader(b, pfx.start);
  if (!version || version.tag !== INTEGER || version.length !== 1 || b[version.start] !== 3) return false;
  const authSafe = derHeader(b, version.start + 1);
  if (!authSafe || authSafe.tag !== SEQUENCE) return false;
  const type = derHeader(b, authSafe.start);
  if (!type || type.tag !== OID || type.length !== PKCS7.length + 1 || type.start + type.length > b.length) return false;
  const last = b[type.start + PKCS7.length];
  return PKCS7.every((x, i) => b[type.start + i] === x) && (last === 1 || last === 2);
}
