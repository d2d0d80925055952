import type { Dropped } from '../detect/detector.js';
import type { RawFinding } from './finding.js';
import { fingerprintOf } from './fingerprint.js';
import { isExpired, type IgnoreEntry } from './ignore-file.js';

/** What hides known findings: the ignore file's entries and a baseline's fingerprints. */
export interface Suppressions {
  ignore?: { file: string; entries: Map<string, IgnoreEntry> };
  baseline?: { file: string; fingerprints: Set<string> };
  /** YYYY-MM-DD (UTC): ignore entries that expire on or before it no longer apply. */
  today: string;
}

export interface Suppressed {
  kept: RawFinding[];
  /** For --debug; each holds the raw secret, which the caller redacts. */
  dropped: Dropped[];
  notes: string[];
}

/**
 * Drops findings whose fingerprint is ignored (and not expired) or in the baseline. A finding whose ignore
 * has expired is kept, and says so first in its remediation.
 */
export function applySuppressions(raw: RawFinding[], s: Suppressions): Suppressed {
  const out: Suppressed = { kept: [], dropped: [], notes: [] };
  const expired = new Set<IgnoreEntry>();
  let baselined = 0;
  let ignored = 0;
  for (const f of raw) {
    const fp = fingerprintOf(f);
    const drop = (reason: Dropped['reason'], detail: string) => out.dropped.push({ ruleId: f.ruleId, file: f.file, line: f.line, secret: f.secret, reason, detail });
    const entry = s.ignore?.entries.get(fp);
    if (entry && !isExpired(entry, s.today)) {
      ignored++;
      drop('ignored', `fingerprint ${fp} in ${s.ignore!.file}:${entry.line}: ${entry.reason}`);
      continue;
    }
    if (s.baseline?.fingerprints.has(fp)) {
      baselined++;
      drop('baseline', `fingerprint ${fp} is in ${s.baseline.file}`);
      continue;
    }
    if (!entry) {
      out.kept.push(f);
      continue;
    }
    expired.add(entry);
    const renew = `The ignore entry for fingerprint ${fp} in ${s.ignore!.file} expired on ${entry.expires} (its reason: ${entry.reason}). Deal with the secret, or renew the entry: keyward ignore ${fp} --reason "…" --expires YYYY-MM-DD.`;
    out.kept.push({ ...f, remediation: [renew, ...f.remediation] });
  }
  for (const e of expired) out.notes.push(`ignore entry ${e.fingerprint} (${s.ignore!.file}:${e.line}) expired on ${e.expires}: its finding is reported again`);
  if (ignored) out.notes.push(`${ignored} finding${ignored === 1 ? '' : 's'} ignored by ${s.ignore!.file} (--debug lists them)`);
  if (baselined) out.notes.push(`${baselined} known finding${baselined === 1 ? '' : 's'} in the baseline ${s.baseline!.file} not reported`);
  return out;
}
