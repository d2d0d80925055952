import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tmpDir, writeFiles } from '../helpers/tmp.js';

describe('configuration errors', () => {
  it('exits 2 with file:line:column when .keyward.yaml is invalid', () => {
    const dir = tmpDir();
    writeFiles(dir, { '.keyward.yaml': 'allow:\n  pathz: [x]\n  regexes: ["(unclosed"]\n' });
    const r = runCli(['scan', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.keyward.yaml:2:3 allow.pathz: unknown key "pathz" (did you mean "paths"?)');
    expect(r.stderr).toMatch(/\.keyward\.yaml:3:\d+ allow\.regexes\[0\]: /);
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
