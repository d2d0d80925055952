import { describe, expect, it } from 'vitest';
import { fake } from '../helpers/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { tmpDir, writeFiles } from '../helpers/tmp.js';

describe('configuration', () => {
  it('exits 2 with file:line:column when .keyward.yaml is invalid', () => {
    const dir = tmpDir();
    writeFiles(dir, { '.keyward.yaml': 'allow:\n  pathz: [x]\n  regexes: ["(unclosed"]\n' });
    const r = runCli(['scan', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.keyward.yaml:2:3 allow.pathz: unknown key "pathz" (did you mean "paths"?)');
    expect(r.stderr).toMatch(/\.keyward\.yaml:3:\d+ allow\.regexes\[0\]: /);
  });

  it('exits 2 with file:line:column when .keyward.yaml is not even valid YAML, and scans nothing', () => {
    const dir = tmpDir();
    writeFiles(dir, { '.keyward.yaml': 'allow:\n  paths: [a, b\nrules: {}\n', '.env': `K=${fake.sk()}\n` });
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^keyward: invalid config \.keyward\.yaml: 1 problem\n {2}\.keyward\.yaml:3:1: /);
    expect(r.stdout).toBe('');
  });

  it('names a misspelt rule id with a suggestion, together with the other problems', () => {
    const dir = tmpDir();
    writeFiles(dir, { 'keyward.config.yaml': 'rules:\n  aws-acess-key-id: off\nmaxFileSize: -1\n' });
    const r = runCli(['scan', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 problems');
    expect(r.stderr).toContain('keyward.config.yaml:2:3 rules.aws-acess-key-id: no rule has the id "aws-acess-key-id" (did you mean "aws-access-key-id"?)');
    expect(r.stderr).toContain('keyward.config.yaml:3:14 maxFileSize: must be a positive size');
  });

  it('applies a per-rule allowlist to that rule only', () => {
    const dir = tmpDir();
    writeFiles(dir, {
      '.keyward.yaml': 'rules:\n  sk-standard-key:\n    allow:\n      paths: [docs/**]\n',
      'docs/setup.md': `OPENAI_API_KEY=${fake.sk()}\nSTRIPE_KEY=${fake.stripeLive()}\n`,
      'src/app.env': `OPENAI_API_KEY=${fake.sk()}\n`,
    });
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    // Generic rules may still see the key in docs/: the per-rule allowlist silences sk-standard-key only.
    const specific = r.json().findings.filter((f) => !String(f.ruleId).startsWith('generic-'));
    expect(specific.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['docs/setup.md stripe-live-secret-key', 'src/app.env sk-standard-key']);
  });

  it('reads --config FILE and its size suffixes', () => {
    const dir = tmpDir();
    writeFiles(dir, { 'conf/keyward.yaml': 'maxFileSize: 1k\n', 'big.txt': `k=${fake.sk()}\n${'x'.repeat(2048)}\n` });
    const r = runCli(['scan', '.', '--config', 'conf/keyward.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.json().stats.skipped.tooLarge).toBe(1);
  });
});

describe('user regexes', () => {
  it('rejects a catastrophic custom rule at load time, naming the rule, instead of hanging', () => {
    const dir = tmpDir();
    writeFiles(dir, {
      '.keyward.yaml': [
        'customRules:',
        '  - id: slow-rule',
        '    title: Slow',
        '    description: d',
        '    severity: high',
        '    provider: Me',
        '    keywords: [a]',
        "    regex: '(a+)+$'",
        '    examples: {match: [aaa, aa], clean: [b]}',
        '',
      ].join('\n'),
      'input.txt': 'a'.repeat(40) + '!\n',
    });
    const r = runCli(['scan', dir], { cwd: dir, timeout: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.keyward\.yaml:8:\d+ customRules\[0\]\.regex: nested repetition "\(a\+\)\+" .*backtrack/);
  });
});
