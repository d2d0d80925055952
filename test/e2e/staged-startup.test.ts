import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

/** node's own modules that `keyward staged` loaded, read from process.moduleLoadList when it exits. */
function builtinsLoaded(dir: string, args: string[]): { code: number | null; modules: string[] } {
  const out = path.join(tmpDir('keyward-modules-'), 'modules.json');
  const preload = path.join(path.dirname(out), 'preload.cjs');
  fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.moduleLoadList)));\n`);
  const r = runCli(['staged', ...args], { cwd: dir, env: { HOME: dir, GIT_CONFIG_NOSYSTEM: '1', NODE_OPTIONS: `--require ${preload}` } });
  return { code: r.code, modules: JSON.parse(fs.readFileSync(out, 'utf8')) as string[] };
}

describe('keyward staged start-up (the pre-commit hook)', () => {
  it('does not load node:crypto for a clean commit, in any output format', () => {
    const dir = gitRepo({ 'README.md': 'hello\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');
    writeFiles(dir, { 'src/add.js': 'export const add = (a, b) => a + b;\n' });
    git(dir, 'add', '-A');
    for (const format of ['pretty', 'json', 'sarif', 'github', 'gitlab']) {
      const r = builtinsLoaded(dir, ['--format', format]);
      expect(r.code).toBe(0);
      expect(r.modules.filter((m) => /^NativeModule (internal\/)?crypto/.test(m))).toEqual([]);
    }
  });
});
