import type { RuleSpec } from '../engine/rule-types.js';
import type { RawFinding } from '../findings/finding.js';
import { remediationSteps } from '../remediation/steps.js';

/**
 * A hygiene finding about a whole file: line and column 0 (nothing to point at), no secret, and a
 * fingerprint derived from the rule and the path.
 */
export function fileFinding(spec: RuleSpec, file: string, extra: Partial<RawFinding> & { firstSteps?: string[] } = {}): RawFinding {
  const { firstSteps = [], ...rest } = extra;
  const commit = rest.commit ?? null;
  return {
    ruleId: spec.id,
    title: spec.title,
    kind: 'hygiene',
    severity: spec.severity,
    provider: spec.provider,
    file,
    line: 0,
    column: 0,
    endLine: 0,
    endColumn: 0,
    secret: '',
    commit,
    author: null,
    email: null,
    date: null,
    removed: null,
    pushed: null,
    remediation: [...firstSteps, ...remediationSteps(spec, { file, commit, pushed: null })],
    identity: file,
    ...rest,
  };
}
