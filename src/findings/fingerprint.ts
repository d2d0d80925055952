import { sha256Hex } from '../crypto.js';

/** Stable identity of a secret for a rule: independent of file, line and commit. Never the secret itself. */
export function fingerprint(ruleId: string, secret: string): string {
  return sha256Hex(`${ruleId}\0${secret}`).slice(0, 32);
}

/**
 * The fingerprint a finding is reported with. `identity`, when a finding has one, stands in for the
 * secret (findings without a secret, such as whole-file hygiene findings, are identified by it).
 */
export function fingerprintOf(f: { ruleId: string; secret: string; identity?: string }): string {
  return fingerprint(f.ruleId, f.identity ?? f.secret);
}
