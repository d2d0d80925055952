import type { RuleSpec } from '../engine/rule-types.js';

export interface RemediationContext {
  /** The finding's file: fills `{file}` in hygiene steps (credential steps do not name it: the finding does). */
  file?: string;
  /** Set for findings from git history or staged scans. */
  commit: string | null;
  /** Whether the commit is on a remote already; null when unknown. */
  pushed: boolean | null;
}

/**
 * Ordered steps for one finding, from the rule's data: revoke, replace, provider-specific steps,
 * clean up git history (depends on whether the commit was pushed), rotate related, review usage.
 */
export function remediationSteps(spec: RuleSpec, ctx: RemediationContext): string[] {
  const r = spec.remediation;
  if (spec.kind === 'hygiene') return (r.steps ?? []).map((step) => step.split('{file}').join(ctx.file ?? 'the file'));
  if (spec.kind === 'public') return [`This ${spec.provider} value is public by design; make sure it is the publishable kind and restricted (allowed domains, scopes).`];
  const steps: string[] = [];
  steps.push(`Revoke the exposed ${spec.title} now${r.revoke ? `: ${r.revoke}` : ', wherever it was issued or trusted'}. Do this first: anyone who saw it can use it until it is revoked.`);
  steps.push('Create a replacement and deploy it through an environment variable or a secret manager (your CI/CD secret store, a vault); never write it into a tracked file.');
  steps.push(...(r.steps ?? []));
  if (ctx.commit) steps.push(historyStep(ctx.pushed));
  if (r.rotate?.length) steps.push(`Rotate related credentials as well: ${r.rotate.join('; ')}.`);
  steps.push(r.usage ? `Review usage since the leak for activity you do not recognise: ${r.usage}` : `Review the ${spec.provider} account's usage and audit logs since the leak for activity you do not recognise.`);
  if (r.docs) steps.push(`Provider guidance: ${r.docs}`);
  return steps;
}

const HISTORY_STEPS = {
  pushed:
    'The commit is on a remote: treat the key as compromised. Rewriting history does not un-leak it (clones, forks and caches keep it); revoke first, then purge it with the commands `keyward remediate` prints and force-push.',
  local:
    'The commit is local only (on no remote-tracking branch): remove the key with `git commit --amend` or `git rebase -i` before you push, or run `keyward remediate`. Revoking is still advised: the key has left your secret store.',
  unknown:
    'Purge it from git history with the commands `keyward remediate` prints (git filter-repo or BFG); if the commit was ever pushed, force-push and treat the key as compromised.',
} as const;

/** The one step that depends on where the introducing commit is: pushed, local only, or unknown. */
export function historyStep(pushed: boolean | null): string {
  return pushed === true ? HISTORY_STEPS.pushed : pushed === false ? HISTORY_STEPS.local : HISTORY_STEPS.unknown;
}

/** Whether a remediation step is the commit-dependent one (reporters keep it with the finding, not the rule). */
export function isHistoryStep(step: string): boolean {
  return (Object.values(HISTORY_STEPS) as string[]).includes(step);
}

/** The finding's steps with its history step brought up to date once `pushed` is known. */
export function withPushed(steps: string[], pushed: boolean | null): string[] {
  return steps.map((s) => (isHistoryStep(s) ? historyStep(pushed) : s));
}
