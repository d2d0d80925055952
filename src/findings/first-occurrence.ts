import type { RawFinding } from './finding.js';

/** A secret's identity for history attribution: the rule and the exact value, wherever and whenever it appears. */
export const secretKey = (f: Pick<RawFinding, 'ruleId' | 'secret'>) => `${f.ruleId}\0${f.secret}`;

/**
 * Keeps each (rule, secret) once: its first occurrence in a stream of findings ordered oldest first.
 * A secret seen in a baseline (the file as it was before a bounded scan's range) is not new at that path.
 */
export class FirstOccurrence {
  private readonly reported = new Set<string>();
  private readonly before = new Set<string>();

  /** Records an occurrence; true when it is the secret's first and should be reported. */
  keep(f: RawFinding, baseline: boolean): boolean {
    const key = secretKey(f);
    if (baseline) {
      this.before.add(`${key}\0${f.file}`);
      return false;
    }
    if (this.reported.has(key) || this.before.has(`${key}\0${f.file}`)) return false;
    this.reported.add(key);
    return true;
  }
}
