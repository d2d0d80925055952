import type { RawFinding } from '../findings/finding.js';
import { remediationSteps } from '../remediation/steps.js';
import type { RuleSpec } from '../engine/rule-types.js';
import { fileMatcher, rulesFor } from './rules.js';

/**
 * Checks 4 and 6b: a real-looking key (what the detector reported, so placeholders never count) in a file
 * where it must not be: a template that is committed and shared, or client-side code every browser reads.
 */
export function secretInFileCheck(specs: RuleSpec[], secretFindings: RawFinding[]): RawFinding[] {
  const out: RawFinding[] = [];
  for (const spec of rulesFor(specs, 'secret-in-file')) {
    const match = fileMatcher(spec);
    for (const f of secretFindings)
      if (f.kind === 'secret' && match(f.file))
        out.push({ ...f, ruleId: spec.id, title: `${spec.title} (${f.title})`, kind: 'hygiene', severity: spec.severity, provider: spec.provider, remediation: remediationSteps(spec, { file: f.file, commit: f.commit, pushed: f.pushed }) });
  }
  return out;
}
