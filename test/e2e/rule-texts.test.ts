import { describe, expect, it } from 'vitest';
import { builtinRulesDir, loadRulesDir } from '../../src/engine/load-rules.js';
import { fake } from '../helpers/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

// The built rules keep their texts in a file of their own, read only when a finding needs them (rule-bundle.ts).
const rule = loadRulesDir(builtinRulesDir()).find((r) => r.id === 'sk-standard-key')!;

function expectRuleTexts(finding: Record<string, unknown>) {
  expect(finding.ruleId).toBe('sk-standard-key');
  expect(finding.title).toBe(rule.title);
  expect(JSON.stringify(finding.remediation)).toContain(rule.remediation.steps![0]!);
}

describe("a finding's rule texts (title, remediation) with the built rules", () => {
  // A config that changes a rule makes a copy of it (rule-set.ts), which must keep what the bundle's rule reads
  // through its prototype: its texts, and its detection fields past the head (regex, allowlist…).
  it.each([
    ['no config', undefined, rule.severity],
    ['a config that changes the rule', 'allow: {stopwords: [unrelated-word]}\nrules:\n  sk-standard-key: {severity: low}\n', 'low'],
  ])('are the rule file’s own in a scan, with %s', (_, config, severity) => {
    const dir = tmpDir();
    writeFiles(dir, { 'app.py': `key = "${fake.sk()}"\n`, ...(config ? { '.keyward.yaml': config } : {}) });
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expectRuleTexts(r.json().findings[0]!);
    expect(r.json().findings[0]!.severity).toBe(severity);
  });

  it('are the rule file’s own in the pre-commit hook', () => {
    const dir = gitRepo({ 'README.md': 'hello\n' });
    writeFiles(dir, { 'app.py': `key = "${fake.sk()}"\n` });
    git(dir, 'add', 'app.py');
    const r = runCli(['staged', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expectRuleTexts(r.json().findings[0]!);
  });
});
