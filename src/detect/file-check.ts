import { sha256Hex } from '../crypto.js';
import type { CompiledRule, FileCheck } from '../engine/rule-types.js';
import type { Fragment } from '../sources/fragment.js';
import type { Candidate } from './detector.js';
import { isPkcs12 } from './pkcs12.js';
import { knownPassword } from './pkcs12-password.js';

/** Each whole-file check: recognises the content and names it for reports (there is no secret text to show). */
const CHECKS: Record<FileCheck, (bytes: Uint8Array) => string | undefined> = {
  pkcs12: (b) => (isPkcs12(b) ? 'PKCS#12 file' : undefined),
  'pkcs12-known-password': (b) => {
    const password = isPkcs12(b) ? knownPassword(b) : undefined;
    if (password === undefined) return undefined;
    return password === '' ? 'PKCS#12 file opening with an empty password' : `PKCS#12 file opening with the well-known password "${password}"`;
  },
};

/**
 * Whole-file rules on one fragment: at most one candidate per rule, with line and column 0 (the whole file).
 * The "secret" is the content's SHA-256, so the same file in two places (or commits) is one secret with one
 * fingerprint; `shown` is what reports print instead, redacted or not (it reveals nothing of the key).
 */
export function fileCandidates(fragment: Fragment, rules: CompiledRule[]): Candidate[] {
  const bytes = fragment.bytes;
  // Binary files only: the key stores these rules look for hold NUL bytes within their first few hundred bytes
  // (the DER encoding of small integers and lengths), and text files then cost nothing here.
  if (!bytes || !fragment.binary) return [];
  const out: Candidate[] = [];
  let hash: string | undefined;
  for (const rule of rules) {
    if (!rule.appliesTo(fragment.path) || rule.allowsPath(fragment.path)) continue;
    const label = CHECKS[rule.spec.file!](bytes);
    if (label === undefined) continue;
    hash ??= sha256Hex(bytes); // node:crypto loads only here, when a whole-file rule matches (src/crypto.ts)
    out.push({ rule, secret: `sha256:${hash}`, shown: `${label}, sha256:${hash.slice(0, 12)}…`, line: 0, column: 0, endLine: 0, endColumn: 0, lineText: '' });
  }
  return out;
}
