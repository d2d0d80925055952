import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import type { Report } from '../../src/findings/report.js';
import { REPORTERS } from '../../src/reporters/index.js';
import { toSarif } from '../../src/reporters/sarif.js';
import { historyStep } from '../../src/remediation/steps.js';

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'stripe-live-secret-key', title: 'Stripe live secret key', kind: 'secret', severity: 'critical', provider: 'Stripe',
  file: 'billing.js', line: 3, column: 20, endLine: 3, endColumn: 51, secret: 'sk_live_********', fingerprint: 'c'.repeat(32),
  lineText: 'const k = require("x")("sk_live_********");', commit: 'a'.repeat(40), author: 'Ann', email: 'ann@example.invalid',
  date: '2026-11-01T10:00:00Z', removed: true, pushed: true,
  remediation: ['Revoke the exposed Stripe live secret key now: https://dashboard.stripe.com/apikeys.', 'Create a replacement.', historyStep(true), 'Review usage.'],
  ...over,
});
const report = (findings: Finding[]): Report => ({ version: 1, tool: { name: 'keyward', version: '0.1.0' }, findings, stats: { files: 9, bytes: 2048, skipped: { binary: 0, tooLarge: 0, unreadable: 0, symlink: 0, special: 0, submodule: 0 }, durationMs: 12 }, notes: [] });
const ctx = { color: false, quiet: false, subject: 'history (3 commits)' };

describe('reports of history findings', () => {
  it('pretty shows the commit, whether it was pushed, and the pushed step in order', () => {
    const out = REPORTERS.pretty!(report([finding({}), finding({ file: 'old.js', commit: 'b'.repeat(40), pushed: false, removed: false, remediation: ['Revoke.', historyStep(false)] })]), ctx);
    expect(out).toContain('commit aaaaaaaaaaaa by Ann <ann@example.invalid> on 2026-11-01T10:00:00Z  (pushed to a remote; removed from the current tree, still in history)');
    expect(out).toContain('(local only, not pushed)');
    expect(out).toMatch(/3\. The commit is on a remote: treat the key as compromised/);
    expect(out).toContain('✗ 2 findings (2 critical) in history (3 commits) · 2 files affected · 9 files, 2.0 KB scanned in 12 ms');
  });

  it('SARIF keeps the commit-dependent step out of the rule help and in the result message', () => {
    const sarif = toSarif(report([finding({}), finding({ commit: null, pushed: null, remediation: ['Revoke the exposed Stripe live secret key now: https://dashboard.stripe.com/apikeys.', 'Create a replacement.', 'Review usage.'] })]));
    const [rule] = sarif.runs[0]!.tool.driver.rules;
    expect(rule!.help.text).toBe('1. Revoke the exposed Stripe live secret key now: https://dashboard.stripe.com/apikeys.\n2. Create a replacement.\n3. Review usage.');
    expect(sarif.runs[0]!.tool.driver.rules).toHaveLength(1);
    expect(sarif.runs[0]!.results[0]!.message.text).toContain('in commit aaaaaaaaaaaa');
    expect(sarif.runs[0]!.results[0]!.message.text).toContain(historyStep(true));
    expect(sarif.runs[0]!.results[0]!.properties).toMatchObject({ commit: 'a'.repeat(40), pushed: true, removed: true });
  });

  it('the GitHub step summary marks pushed and local commits', async () => {
    const { githubStepSummary } = await import('../../src/reporters/github.js');
    const md = githubStepSummary(report([finding({}), finding({ file: 'a|b.js', commit: 'b'.repeat(40), pushed: false })]), 'history');
    expect(md).toContain('`aaaaaaaaaaaa` (pushed)');
    expect(md).toContain('`bbbbbbbbbbbb` (local)');
    expect(md).toContain('`a\\|b.js:3:20`');
  });
});
