import { describe, expect, it } from 'vitest';
import { loadRulesDir, builtinRulesDir } from '../../src/engine/load-rules.js';
import { randomChars } from '../helpers/fake-keys.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tmpDir, writeFiles } from '../helpers/tmp.js';

const builtin = loadRulesDir(builtinRulesDir());

/** A one-rule folder; `clean` is an example the rule is supposed to ignore. */
function ruleDir(clean: string): string {
  const dir = tmpDir();
  writeFiles(dir, {
    'rules/acme.yaml': [
      'provider: Acme',
      'remediation: {revoke: https://acme.invalid/keys}',
      'rules:',
      '  - id: acme-key',
      '    title: Acme key',
      '    description: An Acme key.',
      '    severity: high',
      '    keywords: [acme_]',
      "    regex: '(?<secret>acme_[A-Za-z0-9]{24})'",
      '    examples:',
      `      match: ['A=acme_${randomChars(24)}', 'k: acme_${randomChars(24)}']`,
      `      clean: ['${clean}']`,
    ].join('\n'),
  });
  return dir;
}

describe('keyward rules', () => {
  it('lists every built-in rule with its provider, severity and kind', () => {
    const r = runCli(['rules'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+PROVIDER\s+SEVERITY\s+KIND$/);
    expect(lines.at(-1)).toBe(`${builtin.length} rules`);
    expect(r.stdout).toMatch(/^stripe-live-secret-key\s+Stripe\s+critical\s+secret$/m);
  });

  it('prints {"rules": [...]} with --format json', () => {
    const r = runCli(['rules', '--format', 'json'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const { rules } = JSON.parse(r.stdout) as { rules: Array<Record<string, unknown>> };
    expect(rules.map((x) => x.id)).toEqual(builtin.map((s) => s.id));
    expect(rules.find((x) => x.id === 'sk-subscription-key')).toMatchObject({ severity: 'high', kind: 'secret', provider: expect.any(String) });
  });

  it('passes --test on the built-in catalogue and exits 0', () => {
    const r = runCli(['rules', '--test'], { cwd: ROOT });
    expect(r.stdout).toMatch(/^ok: \d+ rules, \d+ examples passed$/m);
    expect(r.code).toBe(0);
  });

  it('exits 1 and names the rule and example when an example misbehaves', () => {
    const dir = ruleDir(`acme_${randomChars(24)}`);
    const r = runCli(['rules', '--test', '--rules-dir', 'rules'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL acme-key \(rules\/acme\.yaml:\d+\) clean example/m);
    expect(r.stdout).toContain('1 of 1 rules failed (1 examples)');
  });

  it('exits 0 on a rules folder whose examples all behave', () => {
    const r = runCli(['rules', '--test', '--rules-dir', 'rules'], { cwd: ruleDir('A=acme_your_key') });
    expect(r.code).toBe(0);
  });

  it('exits 2 on an unknown format', () => {
    const r = runCli(['rules', '--format', 'xml'], { cwd: ROOT });
    expect(r.code).toBe(2);
  });
});
