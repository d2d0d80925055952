import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { builtinsLoaded as loaded, runCli } from '../helpers/cli.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

/** node's own modules that `keyward staged` loaded. */
const builtinsLoaded = (dir: string, args: string[]) => loaded(dir, ['staged', ...args]);

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

  it('sets no V8 flags (node:v8 stays unloaded, and node keeps its code cache of its own modules)', () => {
    const dir = gitRepo({ 'README.md': 'hello\n' });
    git(dir, 'add', '-A');
    const r = builtinsLoaded(dir, ['-q']);
    expect(r.code).toBe(0);
    expect(r.modules).not.toContain('NativeModule v8');
  });

  it("does not start node's ES module loader: the bin and the hook bundle are CommonJS", () => {
    const dir = gitRepo({ 'README.md': 'hello\n' });
    git(dir, 'add', '-A');
    const r = builtinsLoaded(dir, ['-q']);
    expect(r.code).toBe(0);
    expect(r.modules.filter((m) => m.startsWith('NativeModule internal/modules/esm/module_job'))).toEqual([]);
  });

  it("does not load node's modules for timing or argv parsing (perf_hooks: ~2 ms; parseArgs: ~1 ms)", () => {
    const dir = gitRepo({ 'README.md': 'hello\n' });
    git(dir, 'add', '-A');
    const r = builtinsLoaded(dir, ['-q', '--format', 'json']);
    expect(r.code).toBe(0);
    // (net loads internal/perf/observe and its helpers for itself.)
    expect(r.modules.filter((m) => /^NativeModule (perf_hooks|internal\/perf\/(performance|usertiming)$|internal\/util\/parse_args)/.test(m))).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('runs one git process for a commit of text files (the diff gives their bytes), and cat-file only for the others', () => {
    const dir = gitRepo({ 'README.md': 'hello\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');
    // Real git behind a shim that notes each command.
    const shim = tmpDir('keyward-git-shim-');
    const log = path.join(shim, 'git.log');
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(path.join(shim, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
    const run = () => {
      fs.rmSync(log, { force: true });
      const r = runCli(['staged', '-q'], { cwd: dir, env: { HOME: dir, GIT_CONFIG_NOSYSTEM: '1', PATH: `${shim}${path.delimiter}${process.env.PATH}` } });
      expect(r.code, r.stderr).toBe(0);
      return fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' ').find((w) => w === 'diff-index' || w === 'cat-file' || w === 'rev-parse'));
    };
    writeFiles(dir, { 'src/add.js': 'export const add = (a, b) => a + b;\n', 'README.md': 'hello\nworld\n' });
    git(dir, 'add', '-A');
    expect(run()).toEqual(['diff-index']);
    fs.writeFileSync(path.join(dir, 'logo.bin'), Buffer.from([0, 1, 2, 0, 255]));
    git(dir, 'add', '-A');
    expect(run().sort()).toEqual(['cat-file', 'diff-index']);
  });

  it('ships the hook bundle with a code cache that this node accepts, as bin/keyward.js loads it', () => {
    const hook = fileURLToPath(new URL('../../dist/bundle/hook.cjs', import.meta.url));
    const cache = `${hook}.cache`;
    expect(fs.statSync(cache).mtimeMs).toBeGreaterThanOrEqual(fs.statSync(hook).mtimeMs);
    const source = (createRequire(hook)('node:module') as { wrap(s: string): string }).wrap(fs.readFileSync(hook, 'utf8'));
    const script = new vm.Script(source, { filename: hook, cachedData: fs.readFileSync(cache) });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('still hands an argv the hook does not take to the full CLI when the hook runs from its code cache', () => {
    const dir = gitRepo({ 'README.md': 'hello\n' });
    const help = runCli(['staged', '--help'], { cwd: dir, env: { HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: keyward staged');
  });
});

describe('keyward start-up (every other command)', () => {
  it('says to build, with exit code 2, when the package was not built', () => {
    const copy = tmpDir('keyward-unbuilt-');
    fs.cpSync(fileURLToPath(new URL('../../bin', import.meta.url)), path.join(copy, 'bin'), { recursive: true });
    for (const args of [['scan', '.'], ['staged'], ['--version']]) {
      const r = spawnSync(process.execPath, [path.join(copy, 'bin', 'keyward.js'), ...args], { cwd: copy, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('keyward is not built: run `npm run build`');
    }
  });

  it('ships the CLI as one CommonJS bundle with a code cache that this node accepts under the flags bin/keyward.js sets for a scan', () => {
    const cli = fileURLToPath(new URL('../../dist/bundle/cli.cjs', import.meta.url));
    expect(fs.statSync(`${cli}.cache`).mtimeMs).toBeGreaterThanOrEqual(fs.statSync(cli).mtimeMs);
    // In a process of its own: the V8 flags are part of what a cache is checked against.
    const flags = fileURLToPath(new URL('../../bin/v8-flags.js', import.meta.url));
    const check = `const { createRequire } = await import('node:module'); const fs = await import('node:fs'); const vm = await import('node:vm');
      (await import('node:v8')).setFlagsFromString(createRequire(import.meta.url)(${JSON.stringify(flags)}).SCAN_V8_FLAGS);
      const file = ${JSON.stringify(cli)};
      const s = new vm.Script(createRequire(file)('node:module').wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: fs.readFileSync(file + '.cache') });
      console.log(s.cachedDataRejected ? 'rejected' : 'accepted');`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', check], { encoding: 'utf8' });
    expect(out.trim()).toBe('accepted');
  });

  it('scans through the CommonJS bundle, and other commands through the ES one (history: its heap caps come before anything loads)', () => {
    // A copy of the package whose cli.cjs only says that it ran.
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const copy = tmpDir('keyward-package-');
    for (const part of ['bin', 'dist', 'rules', 'package.json']) fs.cpSync(path.join(root, part), path.join(copy, part), { recursive: true, preserveTimestamps: true });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
    fs.writeFileSync(path.join(copy, 'dist', 'bundle', 'cli.cjs'), "exports.processIo = () => ({});\nexports.main = async () => (process.stdout.write('cli.cjs ran\\n'), 0);\n");
    const repo = gitRepoWithCommit();
    const run = (...args: string[]) => execFileSync(process.execPath, [path.join(copy, 'bin', 'keyward.js'), ...args], { cwd: repo, encoding: 'utf8' });
    expect(run('scan', '.', '-q')).toBe('cli.cjs ran\n');
    expect(run('--version')).not.toBe('cli.cjs ran\n');
    expect(run('history', '.', '-q', '--format', 'json')).toMatch(/"findings"/);
  });
});

function gitRepoWithCommit(): string {
  const dir = gitRepo({ 'a.txt': 'nothing to see\n' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'one');
  return dir;
}
