import type { Finding } from '../findings/finding.js';
import { redact, REDACT_MASK } from '../findings/redact.js';
import { isHistoryStep } from '../remediation/steps.js';

/** Findings grouped by rule id, in first-seen order. */
export function findingsByRule(findings: Finding[]): Map<string, Finding[]> {
  const by = new Map<string, Finding[]>();
  for (const f of findings) by.set(f.ruleId, [...(by.get(f.ruleId) ?? []), f]);
  return by;
}

/** The rule's playbook: a finding's steps without the one that depends on its commit. */
export function ruleSteps(f: Finding): string[] {
  return f.remediation.filter((s) => !isHistoryStep(s));
}

/** The steps that belong to this finding only (pushed or local commit). */
export function findingSteps(f: Finding): string[] {
  return f.remediation.filter(isHistoryStep);
}

export function numbered(steps: string[]): string[] {
  return steps.map((s, i) => `${i + 1}. ${s}`);
}

/** The secret as CI formats show it: always masked, also when the report was made with --no-redact. */
export function maskedSecret(f: Finding): string {
  if (!f.secret) return '';
  return f.secret.endsWith(REDACT_MASK) ? f.secret : redact(f.secret);
}

/** One line saying what was found: a credential is "exposed"; a hygiene finding is its rule title. */
export function headline(f: Finding): string {
  const where = f.commit ? ` in commit ${f.commit.slice(0, 12)}` : '';
  const value = maskedSecret(f);
  return f.kind === 'hygiene'
    ? `${f.title}${where}${value ? ` (value ${value})` : ''}`
    : `${f.title} (${f.provider}) exposed${where}${value ? `: ${value}` : ''}`;
}
