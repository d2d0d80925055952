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
