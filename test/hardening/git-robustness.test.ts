import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fake } from '../helpers/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
const json = ['--format', 'json', '--quiet'];

/** A repository whose first commit is clean and whose second adds `secret` in key.txt. */
function repoWithCommittedKey(secret: string, dir = gitRepo()): string {
  writeFiles(dir, { 'README.md': '# app\n' });
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'first');
  writeFiles(dir, { 'key.txt': `token = ${secret}\n` });
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'second');
  return dir;
}

/** A repository with one commit and `secret` staged (not committed) in key.txt. */
function repoWithStagedKey(secret: string, dir = gitRepo()): string {
  writeFiles(dir, { 'README.md': '# app\n' });
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'first');
  writeFiles(dir, { 'key.txt': `token = ${secret}\n` });
  git(dir, 'add', 'key.txt');
  return dir;
}

/** Replaces the loose object file of `oid` with bytes that do not inflate. */
function corruptLoose(dir: string, oid: string): void {
  const file = path.join(dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
  fs.chmodSync(file, 0o644);
  fs.writeFileSync(file, 'not a zlib stream');
}

/** A folder holding a `git` that runs the real one, except that `git <command>` kills itself with SIGTERM after `bytes` of output. */
function gitKilledOn(command: string, bytes: number): string {
  const bin = tmpDir('keyward-git-shim-');
  fs.writeFileSync(
    path.join(bin, 'git'),
    `#!/bin/sh\nif [ "$1" = "${command}" ]; then "${REAL_GIT}" "$@" | head -c ${bytes}; kill -TERM $$; fi\nexec "${REAL_GIT}" "$@"\n`,
    { mode: 0o755 },
  );
  return bin;
}

describe('a damaged repository is never reported clean', () => {
  it('history exits 2 and names the blob when a committed blob is corrupt', () => {
    const dir = repoWithCommittedKey(fake.github());
    const oid = git(dir, 'rev-parse', 'HEAD:key.txt').trim();
    corruptLoose(dir, oid);
    const r = runCli(['history', ...json], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`cannot read blob ${oid} (key.txt in commit`);
    expect(r.stderr).toContain('git fsck');
  });

  it('history exits 2 when a committed blob is missing from a full clone', () => {
    const dir = repoWithCommittedKey(fake.github());
    const oid = git(dir, 'rev-parse', 'HEAD:key.txt').trim();
    fs.rmSync(path.join(dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2)));
    const r = runCli(['history', ...json], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing or corrupt');
  });

  it('history exits 2 when the pack holding the history is truncated', () => {
    const dir = repoWithCommittedKey(fake.github());
    git(dir, 'gc', '-q', '--aggressive');
    const pack = fs.readdirSync(path.join(dir, '.git', 'objects', 'pack')).find((f) => f.endsWith('.pack'))!;
    const file = path.join(dir, '.git', 'objects', 'pack', pack);
    fs.chmodSync(file, 0o644);
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const r = runCli(['history', ...json], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^keyward: /);
  });

  it('history exits 2 when git is killed while streaming the log', () => {
    const dir = repoWithCommittedKey(fake.github());
    const r = runCli(['history', ...json], { cwd: dir, env: { PATH: `${gitKilledOn('log', 120)}:${process.env.PATH}` } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('git log failed: killed by SIGTERM');
  });

  it('staged exits 2 when the staged blob is corrupt, and says how to bypass the hook consciously', () => {
    const dir = repoWithStagedKey(fake.github());
    corruptLoose(dir, git(dir, 'rev-parse', ':key.txt').trim());
    // The working copy moved on since `git add`, so git's diff must read the staged blob itself. (While they are the
    // same, git may read the working copy's bytes: keyward then scans them only if they hash to the staged blob's id.)
    fs.appendFileSync(path.join(dir, 'key.txt'), 'more\n');
    const r = runCli(['staged'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^keyward: /);
    expect(r.stderr).toContain('blocks the commit');
    expect(r.stderr).toContain('git commit --no-verify');
  });

  it('staged exits 2 when git cat-file is killed before answering', () => {
    // A file named on the command line without a staged change is read from the index with cat-file (a changed text
    // file's bytes come with the diff).
    const dir = repoWithStagedKey(fake.github());
    git(dir, 'commit', '-qm', 'key');
    const r = runCli(['staged', 'key.txt', ...json], { cwd: dir, env: { PATH: `${gitKilledOn('cat-file', 0)}:${process.env.PATH}` } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('git commit --no-verify');
  });

  it('staged exits 2 when the index file is unreadable garbage', () => {
    const dir = repoWithStagedKey(fake.github());
    fs.writeFileSync(path.join(dir, '.git', 'index'), 'DIRC garbage, not an index');
    const r = runCli(['staged', ...json], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/index/);
  });
});

describe('repositories in unusual places', () => {
  it('works in a repository whose path has spaces', () => {
    const dir = path.join(tmpDir(), 'my projects', 'the app');
    fs.mkdirSync(dir, { recursive: true });
    git(dir, 'init', '-q', '-b', 'main');
    repoWithCommittedKey(fake.github(), dir);
    const staged = fake.sk();
    writeFiles(dir, { 'new.txt': `k = ${staged}\n`, '.env': 'X=1\n' });
    git(dir, 'add', 'new.txt');
    expect(runCli(['history', ...json], { cwd: dir }).json().findings).toHaveLength(1);
    expect(runCli(['staged', ...json], { cwd: dir }).json().findings.map((f) => f.file)).toEqual(['new.txt']);
    expect(runCli(['scan', '.', '--no-hygiene', ...json], { cwd: dir }).json().findings).toHaveLength(2);
    expect(runCli(['hygiene', ...json], { cwd: dir }).json().findings.map((f) => f.file)).toContain('.env');
  });

  it('works inside a linked worktree (git worktree add)', () => {
    const main = repoWithCommittedKey(fake.github());
    const linked = path.join(tmpDir(), 'linked tree');
    git(main, 'worktree', 'add', '-q', '-b', 'feature', linked);
    const staged = fake.sk();
    writeFiles(linked, { 'feature.txt': `k = ${staged}\n`, '.env': 'X=1\n' });
    git(linked, 'add', 'feature.txt');
    const st = runCli(['staged', ...json], { cwd: linked });
    expect(st.code).toBe(1);
    expect(st.json().findings.map((f) => f.file)).toEqual(['feature.txt']);
    expect(runCli(['history', ...json], { cwd: linked }).json().findings.map((f) => f.file)).toEqual(['key.txt']);
    expect(runCli(['scan', '.', '--no-hygiene', ...json], { cwd: linked }).json().findings).toHaveLength(2);
    expect(runCli(['hygiene', ...json], { cwd: linked }).json().findings.map((f) => f.file)).toContain('.env');
    // The main work tree's index is untouched by the linked one's.
    expect(runCli(['staged', ...json], { cwd: main }).code).toBe(0);
  });

  it('honours GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE as git sets them for hooks', () => {
    const dir = repoWithStagedKey(fake.github());
    fs.mkdirSync(path.join(dir, 'sub'));
    // `git commit -a` hands the hook a temporary index: only what it holds is the commit.
    const tmpIndex = path.join(dir, '.git', 'next-index');
    fs.copyFileSync(path.join(dir, '.git', 'index'), tmpIndex);
    git(dir, 'rm', '-q', '--cached', 'key.txt');
    const env = { GIT_DIR: path.join(dir, '.git'), GIT_WORK_TREE: dir, GIT_INDEX_FILE: tmpIndex };
    const r = runCli(['staged', ...json], { cwd: path.join(dir, 'sub'), env });
    expect(r.code).toBe(1);
    expect(r.json().findings.map((f) => f.file)).toEqual(['key.txt']);
    // Without the hook's index, the real one has nothing staged.
    expect(runCli(['staged', ...json], { cwd: dir }).code).toBe(0);
    git(dir, 'commit', '-qm', 'nothing', '--allow-empty');
    fs.copyFileSync(tmpIndex, path.join(dir, '.git', 'index'));
    git(dir, 'commit', '-qm', 'key');
    expect(runCli(['history', ...json], { cwd: path.join(dir, 'sub'), env: { GIT_DIR: path.join(dir, '.git'), GIT_WORK_TREE: dir } }).code).toBe(1);
  });

  it('staged still reads the index while another git process holds index.lock', () => {
    const dir = repoWithStagedKey(fake.github());
    fs.writeFileSync(path.join(dir, '.git', 'index.lock'), '');
    const r = runCli(['staged', ...json], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.json().findings.map((f) => f.file)).toEqual(['key.txt']);
    expect(fs.existsSync(path.join(dir, '.git', 'index.lock'))).toBe(true);
  });
});

describe('file names are never options', () => {
  it('staged takes names such as -x, --foo and -o after `--`, as the pre-commit framework passes them', () => {
    const dir = gitRepo({ 'README.md': '# app\n' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'first');
    writeFiles(dir, { '-x': `token = ${fake.github()}\n`, '--foo': 'plain\n', '-o': 'plain\n', 'out.txt': 'keep\n' });
    git(dir, 'add', '--', '-x', '--foo', '-o', 'out.txt');
    git(dir, 'commit', '-qm', 'files');
    // Nothing staged now: named files are scanned in full from the index.
    const r = runCli(['staged', ...json, '--', '-x', '--foo', '-o', 'out.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.json().findings.map((f) => f.file)).toEqual(['-x']);
    expect(fs.readFileSync(path.join(dir, 'out.txt'), 'utf8')).toBe('keep\n');
  });

  it('a dash-led name before `--` is refused (exit 2) with a hint, never scanned as an option', () => {
    const dir = repoWithStagedKey(fake.github());
    const r = runCli(['staged', '-x'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '-x'");
    expect(r.stderr).toContain('keyward staged -- -x');
    expect(r.stderr).toContain('git commit --no-verify');
  });

  it('the pre-commit framework hook passes file names after `--`', () => {
    const hooks = fs.readFileSync(path.join(__dirname, '..', '..', '.pre-commit-hooks.yaml'), 'utf8');
    expect(hooks).toMatch(/entry: keyward staged --\n/);
  });
});
