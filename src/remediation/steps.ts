import type { RuleSpec } from '../engine/rule-types.js';

export interface RemediationContext {
  file: string;
  /** Set for findings from git history or staged scans. */
  commit: string | null;
  /** Whether the commit is on a remote already; null when unknown. */
  pushed: boolean | null;
}

/** Ordered steps for one finding, from the rule's data: revoke, replace, purge, rotate related, review usage. */
export function remediationSteps(spec: RuleSpec, ctx: RemediationContext): string[] {
  const r = spec.remediation;
  if (spec.kind === 'hygiene') return (r.steps ?? []).map((step) => step.split('{file}').join(ctx.file));
  if (spec.kind === 'public') return [`This ${spec.provider} value is public by design; make sure it is the publishable kind and restricted (allowed domains, scopes).`];
  const steps: string[] = [];
  steps.push(r.revoke ? `Revoke the exposed ${spec.provider} credential now: ${r.revoke}` : `Revoke the exposed ${spec.provider} credential now in the provider's console.`);
  steps.push(`Create a new one and deploy it through an environment variable or a secret manager; keep ${ctx.file} free of literal keys.`);
  steps.push(...(r.steps ?? []));
  if (ctx.commit) {
    steps.push(
      ctx.pushed === false
        ? 'The commit is local only: amend or rebase it out before pushing (still revoke: the key left your editor).'
        : 'Purge it from git history (run `keyward remediate` for the git filter-repo / BFG commands), then force-push; history rewriting does not un-leak a pushed key.',
    );
  }
  if (r.rotate?.length) steps.push(`Rotate related credentials as well: ${r.rotate.join('; ')}.`);
  steps.push(r.usage ? `Review usage for unexpected activity: ${r.usage}` : `Review the ${spec.provider} account's usage and audit logs for unexpected activity.`);
  return steps;
}
