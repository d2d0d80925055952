import { createHash } from 'node:crypto';

/** Stable identity of a secret for a rule: independent of file, line and commit. Never the secret itself. */
export function fingerprint(ruleId: string, secret: string): string {
  return createHash('sha256').update(`${ruleId}\0${secret}`).digest('hex').slice(0, 32);
}
