import { createRequire } from 'node:module';
import type { CompiledRule, FileCheck } from '../engine/rule-types.js';
import type { Fragment } from '../sources/fragment.js';
import type { Candidate } from './detector.js';
import { isPkcs12 } from './pkcs12.js';

/** node:crypto costs ~10 ms to load: loaded only when a whole-file rule matches. */
const sha256 = (bytes: Uint8Array) => (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(bytes).digest('hex');

/** Each whole-file check: how to recognise the content, and how to name it in a report (no secret text to show). */
const CHECKS: Record<FileCheck, { test: (bytes: Uint8Array) => boolean; label: string }> = {
  pkcs12: { test: isPkcs12, label: 'PKCS#12 file' },
};

/**
 * Whole-file rules on one fragment: at most one candidate per rule, with line and column 0 (the whole file).
 * The "secret" is the content's SHA-256, so the same file in two places (or commits) is one secret with one
 * fingerprint; `shown` is what reports print instead, redacted or not (it reveals nothing of the key).
 */
export function fileCandidates(fragment: Fragment, rules: CompiledRule[]): Candidate[] {
  const bytes = fragment.bytes;
  // A piece of a large text file (history) is not the whole file.
  if (!bytes || (fragment.startLine ?? 1) !== 1) return [];
  const out: Candidate[] = [];
  let hash: string | undefined;
  for (const rule of rules) {
    const check = CHECKS[rule.spec.file!];
    if (!rule.appliesTo(fragment.path) || rule.allowsPath(fragment.path) || !check.test(bytes)) continue;
    hash ??= sha256(bytes);
    out.push({ rule, secret: `sha256:${hash}`, shown: `${check.label}, sha256:${hash.slice(0, 12)}…`, line: 0, column: 0, endLine: 0, endColumn: 0, lineText: '' });
  }
  return out;
}
