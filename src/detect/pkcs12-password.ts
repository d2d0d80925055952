import { crypto } from '../crypto.js';
import { derHeader, type DerHeader } from './pkcs12.js';

/**
 * Whether a PKCS#12 store opens with a well-known password: its integrity MAC (RFC 7292, appendix B) verifies
 * with it, so the private key inside is as good as plain text. Only password-integrity stores with a DER body
 * and a sane iteration count are tried; anything else is "unknown" (undefined), never an error.
 */

/** GCP service-account keys (`notasecret`), empty passwords, and the defaults of Java keystores and tutorials. */
export const WELL_KNOWN_PASSWORDS = ['notasecret', '', 'changeit', 'changeme', 'password', 'secret', '123456'];

/** More iterations than any tool writes by default: the check must stay cheap on a crafted file. */
const MAX_ITERATIONS = 100_000;

/** Hash OIDs (their DER value bytes, hex) → node hash name and block size in bytes. */
const HASHES: Record<string, { name: string; block: number }> = {
  '2b0e03021a': { name: 'sha1', block: 64 },
  '608648016503040204': { name: 'sha224', block: 64 },
  '608648016503040201': { name: 'sha256', block: 64 },
  '608648016503040202': { name: 'sha384', block: 128 },
  '608648016503040203': { name: 'sha512', block: 128 },
};

interface MacInput {
  content: Uint8Array;
  hash: { name: string; block: number };
  digest: Uint8Array;
  salt: Uint8Array;
  iterations: number;
}

/** The first well-known password the store opens with; undefined when none does or it cannot be checked. */
export function knownPassword(b: Uint8Array): string | undefined {
  const mac = macInput(b);
  if (!mac) return undefined;
  return WELL_KNOWN_PASSWORDS.find((p) => passwordCandidates(p).some((pw) => macMatches(mac, pw)));
}

/** The password as PKCS#12 hashes it: UTF-16BE with a two-byte terminator; an empty one also as no bytes at all. */
function passwordCandidates(p: string): Uint8Array[] {
  const bmp = Buffer.from(p + '\0', 'utf16le').swap16();
  return p === '' ? [bmp, new Uint8Array(0)] : [bmp];
}

function macMatches(m: MacInput, password: Uint8Array): boolean {
  const { createHmac, timingSafeEqual } = crypto();
  const key = deriveKey(m.hash, password, m.salt, m.iterations, m.digest.length);
  const mac = createHmac(m.hash.name, key).update(m.content).digest();
  return mac.length === m.digest.length && timingSafeEqual(mac, m.digest);
}

/** RFC 7292 B.2 with ID 3 (MAC key): n bytes from the password and salt. */
function deriveKey(hash: { name: string; block: number }, password: Uint8Array, salt: Uint8Array, iterations: number, n: number): Buffer {
  const { createHash } = crypto();
  const v = hash.block;
  const fill = (src: Uint8Array) => {
    const out = Buffer.alloc(src.length === 0 ? 0 : v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
    return out;
  };
  const I = Buffer.concat([fill(salt), fill(password)]);
  const D = Buffer.alloc(v, 3);
  const out: Buffer[] = [];
  for (let got = 0; got < n; ) {
    let A = createHash(hash.name).update(D).update(I).digest();
    for (let i = 1; i < iterations; i++) A = createHash(hash.name).update(A).digest();
    out.push(A);
    got += A.length;
    // I_j = (I_j + B + 1) mod 2^(8v) for each v-byte block, where B is A repeated to v bytes.
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k]! + A[k % A.length]! + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, n);
}

/** The MAC's inputs, read from a DER PFX; undefined for anything this check does not handle. */
function macInput(b: Uint8Array): MacInput | undefined {
  const pfx = derHeader(b, 0);
  if (!pfx || pfx.length < 0) return undefined;
  const version = derHeader(b, pfx.start);
  const authSafe = version && derHeader(b, end(version));
  if (!authSafe || authSafe.length < 0) return undefined;
  const type = derHeader(b, authSafe.start);
  const explicit = type && derHeader(b, end(type));
  const octets = explicit && explicit.tag === 0xa0 ? derHeader(b, explicit.start) : undefined;
  // Only the `data` type (…07 01) carries the MAC'd octets directly; a constructed (BER) OCTET STRING is not handled.
  if (!type || b[end(type) - 1] !== 1 || !octets || octets.tag !== 0x04 || octets.length < 0) return undefined;
  const macData = derHeader(b, end(authSafe));
  const digestInfo = macData && macData.tag === 0x30 ? derHeader(b, macData.start) : undefined;
  const alg = digestInfo && derHeader(b, digestInfo.start);
  const oid = alg && derHeader(b, alg.start);
  const digest = alg && derHeader(b, end(alg));
  const salt = digest && derHeader(b, end(digest));
  const inside = (h: DerHeader) => h.length >= 0 && end(h) <= b.length;
  if (!macData || !inside(octets) || !oid || oid.tag !== 0x06 || !inside(oid) || !digest || digest.tag !== 0x04 || !inside(digest) || !salt || salt.tag !== 0x04 || !inside(salt)) return undefined;
  const hash = HASHES[Buffer.from(b.subarray(oid.start, end(oid))).toString('hex')];
  const iter = end(salt) < end(macData) ? derHeader(b, end(salt)) : undefined;
  const iterations = iter && iter.tag === 0x02 && iter.length > 0 && iter.length <= 4 ? readUint(b, iter) : iter ? Infinity : 1;
  if (!hash || iterations < 1 || iterations > MAX_ITERATIONS || end(macData) > b.length) return undefined;
  return { content: b.subarray(octets.start, end(octets)), hash, digest: b.subarray(digest.start, end(digest)), salt: b.subarray(salt.start, end(salt)), iterations };
}

const end = (h: DerHeader) => h.start + Math.max(h.length, 0);

function readUint(b: Uint8Array, h: DerHeader): number {
  let n = 0;
  for (let i = h.start; i < end(h); i++) n = n * 256 + b[i]!;
  return n;
}
