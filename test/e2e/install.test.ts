import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookFile } from '../../src/install/hook-script.js';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { fake } from '../helpers/fake-keys.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

const env = (dir: string) => ({ HOME: dir, GIT_CONFIG_NOSYSTEM: '1' });
const install = (dir: string) => runCli(['install'], { cwd: dir, env: env(dir) });

/** A real `git commit` in `dir`; returns its exit code and output (the hook's output is on stderr/stdout). */
function commit(dir: string, extraEnv: Record<string, string> = {}, ...args: string[]) {
  const r = spawnSync('git', ['commit', '-q', '-m', 'test', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env(dir), GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid', NO_COLOR: '1', ...extraEnv },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}
const commits = (dir: string) => Number(git(dir, 'rev-list', '--count', '--all').trim() || 0);

/** PATH with node and git but no keyward. */
const BARE_PATH = [...new Set([path.dirname(process.execPath), '/usr/bin', '/bin'])].join(':');

function repoWithCommit() {
  const dir = gitRepo({ 'README.md': 'hi\n' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

describe('keyward install', () => {
  it('installs into git hooks and a real git commit that adds a key is blocked, a clean one passes', () => {
    const dir = repoWithCommit();
    expect(install(dir).code).toBe(0);
    writeFiles(dir, { 'app.js': `const key = "${fake.sk()}";\n` });
    git(dir, 'add', 'app.js');
    const blocked = commit(dir);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toContain('commit blocked');
    expect(blocked.out).toContain('app.js:1');
    expect(commits(dir)).toBe(1);
    writeFiles(dir, { 'app.js': 'const key = process.env.KEY;\n' });
    git(dir, 'add', 'app.js');
    expect(commit(dir).code).toBe(0);
    expect(commits(dir)).toBe(2);
  });

  it('sees what `git commit -a` commits (git hands the hook a temporary index)', () => {
    const dir = repoWithCommit();
    install(dir);
    writeFiles(dir, { 'README.md': `hi\ntoken=${fake.github()}\n` });
    expect(commit(dir, {}, '-a').code).not.toBe(0);
    expect(commits(dir)).toBe(1);
  });

  it('is idempotent for plain git: a second run changes nothing', () => {
    const dir = repoWithCommit();
    expect(install(dir).stdout).toContain('installed the pre-commit hook in .git/hooks/pre-commit');
    const hook = path.join(dir, '.git/hooks/pre-commit');
    const first = fs.readFileSync(hook, 'utf8');
    const again = install(dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already installed');
    expect(fs.readFileSync(hook, 'utf8')).toBe(first);
    expect(fs.statSync(hook).mode & 0o111).toBeTruthy();
  });

  it('is idempotent for husky: appends one line, keeps the user\'s lines', () => {
    const dir = repoWithCommit();
    writeFiles(dir, { '.husky/pre-commit': 'npm test\nnpx lint-staged\n' });
    git(dir, 'config', 'core.hooksPath', '.husky/_');
    expect(install(dir).stdout).toContain('in .husky/pre-commit');
    const once = fs.readFileSync(path.join(dir, '.husky/pre-commit'), 'utf8');
    expect(once.split('\n').slice(0, 2)).toEqual(['npm test', 'npx lint-staged']);
    expect(once.trimEnd().split('\n')).toHaveLength(3);
    expect(install(dir).stdout).toContain('already installed');
    expect(fs.readFileSync(path.join(dir, '.husky/pre-commit'), 'utf8')).toBe(once);
    expect(fs.existsSync(path.join(dir, '.git/hooks/pre-commit'))).toBe(false);
  });

  it('blocks a real commit through husky, and the user\'s husky lines still run', () => {
    const dir = repoWithCommit();
    spawnSync(process.execPath, [path.join(ROOT, 'node_modules/husky/bin.js')], { cwd: dir, env: { ...process.env, ...env(dir) } });
    expect(git(dir, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    writeFiles(dir, { '.husky/pre-commit': 'echo user-line-ran > .user-ran\n' });
    install(dir);
    writeFiles(dir, { 'k.env': `K=${fake.stripeLive()}\n` });
    git(dir, 'add', 'k.env');
    const blocked = commit(dir);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toContain('commit blocked');
    git(dir, 'rm', '-q', '--cached', 'k.env');
    writeFiles(dir, { 'ok.txt': 'fine\n' });
    git(dir, 'add', 'ok.txt');
    expect(commit(dir).code).toBe(0);
    expect(fs.existsSync(path.join(dir, '.user-ran'))).toBe(true);
  });

  it('honours core.hooksPath', () => {
    const dir = repoWithCommit();
    git(dir, 'config', 'core.hooksPath', 'tools/hooks');
    install(dir);
    expect(fs.existsSync(path.join(dir, 'tools/hooks/pre-commit'))).toBe(true);
    writeFiles(dir, { 'k.txt': `k=${fake.aws()}\n` });
    git(dir, 'add', 'k.txt');
    expect(commit(dir).code).not.toBe(0);
  });

  it('chains an existing hook instead of overwriting it: both run', () => {
    const dir = repoWithCommit();
    const hook = path.join(dir, '.git/hooks/pre-commit');
    writeFiles(dir, { '.git/hooks/pre-commit': '#!/bin/sh\n# my checks\necho mine-ran > .mine\nexec true\n' });
    fs.chmodSync(hook, 0o755);
    install(dir);
    const text = fs.readFileSync(hook, 'utf8');
    expect(text).toContain('echo mine-ran > .mine\nexec true');
    writeFiles(dir, { 'ok.txt': 'fine\n' });
    git(dir, 'add', 'ok.txt');
    expect(commit(dir).code).toBe(0);
    expect(fs.existsSync(path.join(dir, '.mine'))).toBe(true);
    writeFiles(dir, { 'bad.txt': `k=${fake.sk()}\n` });
    git(dir, 'add', 'bad.txt');
    expect(commit(dir).code).not.toBe(0);
    expect(install(dir).stdout).toContain('already installed');
  });

  it('leaves a pre-commit framework hook alone and says what to add (exit 2)', () => {
    const dir = repoWithCommit();
    const original = '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexec pre-commit "$@"\n';
    writeFiles(dir, { '.git/hooks/pre-commit': original });
    const r = install(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.pre-commit-config.yaml');
    expect(fs.readFileSync(path.join(dir, '.git/hooks/pre-commit'), 'utf8')).toBe(original);
  });

  it('exits 2 outside a git repository', () => {
    const r = install(tmpDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a git work tree');
  });

  it('finds keyward as a project dev dependency, and fails closed when it cannot find it', () => {
    const dir = repoWithCommit();
    const hook = path.join(dir, '.git/hooks/pre-commit');
    writeFiles(dir, { '.git/hooks/pre-commit': hookFile('/nonexistent/keyward/bin/keyward.js'), 'ok.txt': 'fine\n' });
    fs.chmodSync(hook, 0o755);
    git(dir, 'add', 'ok.txt');
    const closed = commit(dir, { PATH: BARE_PATH });
    expect(closed.code).not.toBe(0);
    expect(closed.out).toContain('cannot find keyward, so this commit is blocked');
    expect(closed.out).toContain('git commit --no-verify');
    expect(commits(dir)).toBe(1);
    fs.mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
    fs.symlinkSync(BIN, path.join(dir, 'node_modules/.bin/keyward'));
    writeFiles(dir, { '.gitignore': 'node_modules/\n' });
    git(dir, 'add', '.gitignore');
    expect(commit(dir, { PATH: BARE_PATH }).code).toBe(0);
    expect(commits(dir)).toBe(2);
  });
});
