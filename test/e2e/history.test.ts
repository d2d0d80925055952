import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fake } from '../helpers/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

type Json = ReturnType<ReturnType<typeof runCli>['json']>;

const AUTHOR = { GIT_AUTHOR_NAME: 'Test Author', GIT_AUTHOR_EMAIL: 'author@example.invalid', GIT_COMMITTER_NAME: 'Test Author', GIT_COMMITTER_EMAIL: 'author@example.invalid' };

/** Commits everything in `dir` with fixed author and committer dates; returns the new commit id. */
function commit(dir: string, message: string, date = '2024-01-01T12:00:00Z'): string {
  if (!dir.startsWith(fs.realpathSync(os.tmpdir()))) throw new Error(`refusing to commit outside the temp dir: ${dir}`);
  git(dir, 'add', '-A');
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: dir, env: { ...process.env, ...AUTHOR, HOME: dir, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  return git(dir, 'rev-parse', 'HEAD').trim();
}

function history(dir: string, ...args: string[]) {
  const r = runCli(['history', dir, '--format', 'json', '--no-redact', ...args], { cwd: dir });
  return { ...r, report: (): Json => r.json() };
}

const bySecret = (report: Json, secret: string) => report.findings.filter((f) => f.secret === secret);

describe('keyward history', () => {
  it('reports each secret once, at the commit, file and line that introduced it, and marks the removed ones', () => {
    const kept = fake.sk();
    const gone = fake.github();
    const dir = gitRepo({ 'README.md': 'hello\n' });
    commit(dir, 'readme', '2024-01-01T10:00:00Z');
    writeFiles(dir, { '.env': `# settings\nOPENAI_API_KEY=${kept}\n` });
    const c1 = commit(dir, 'add env', '2024-01-02T10:00:00Z');
    writeFiles(dir, { '.env': `# settings\n# more settings\nOPENAI_API_KEY=${kept}\n`, 'deploy.sh': `export TOKEN=${gone}\n` });
    const c2 = commit(dir, 'deploy script', '2024-01-03T10:00:00Z');
    fs.rmSync(path.join(dir, 'deploy.sh'));
    commit(dir, 'remove the token', '2024-01-04T10:00:00Z');

    const r = history(dir);
    expect(r.code).toBe(1);
    const report = r.report();
    expect(report.findings).toHaveLength(2);
    expect(bySecret(report, kept)[0]).toMatchObject({ commit: c1, file: '.env', line: 2, removed: false, author: 'Test Author', email: 'author@example.invalid' });
    expect(bySecret(report, kept)[0]!.date).toBe('2024-01-02T10:00:00Z'.replace('Z', '+00:00'));
    expect(bySecret(report, gone)[0]).toMatchObject({ commit: c2, file: 'deploy.sh', line: 1, removed: true });
    expect(report.stats.commits).toBe(4);
    expect(r.stderr).toBe('');

    const pretty = runCli(['history', dir], { cwd: dir });
    expect(pretty.code).toBe(1);
    expect(pretty.stdout).toContain('still in history');
    expect(pretty.stdout).not.toContain(gone);
    expect(pretty.stdout).not.toContain(kept);
  });

  it('attributes a secret copied or renamed later to its first file, and a secret on a merged branch to the branch commit', () => {
    const key = fake.stripeLive();
    const evil = fake.aws();
    const dir = gitRepo({ 'a.txt': 'a\n' });
    commit(dir, 'base', '2024-01-01T10:00:00Z');
    git(dir, 'checkout', '-q', '-b', 'feature');
    writeFiles(dir, { 'config/pay.yml': `stripe: ${key}\n` });
    const introduced = commit(dir, 'feature adds key', '2024-01-02T10:00:00Z');
    git(dir, 'mv', 'config/pay.yml', 'config/payments.yml');
    writeFiles(dir, { 'copy.txt': `again ${key}\n` });
    commit(dir, 'rename and copy', '2024-01-03T10:00:00Z');
    git(dir, 'checkout', '-q', 'main');
    writeFiles(dir, { 'a.txt': 'a main\n' });
    commit(dir, 'main moves on', '2024-01-04T10:00:00Z');
    git(dir, 'merge', '-q', '--no-commit', 'feature');
    // An "evil" merge: the merge commit itself writes content that neither parent had.
    writeFiles(dir, { 'a.txt': `a merged\naws = ${evil}\n` });
    const merge = commit(dir, 'merge feature', '2024-01-05T10:00:00Z');

    const report = history(dir).report();
    expect(bySecret(report, key)).toEqual([expect.objectContaining({ commit: introduced, file: 'config/pay.yml', line: 1, removed: false })]);
    expect(bySecret(report, evil)).toEqual([expect.objectContaining({ commit: merge, file: 'a.txt', line: 2, removed: false })]);
  });

  it('with --range, reports only secrets that the range introduces', () => {
    const old = fake.sk();
    const fresh = fake.github();
    const dir = gitRepo();
    writeFiles(dir, { 'app.env': `KEY=${old}\n` });
    const base = commit(dir, 'old key', '2024-01-01T10:00:00Z');
    writeFiles(dir, { 'app.env': `# edited in the range\nKEY=${old}\n`, 'moved/app.env': `KEY=${old}\n` });
    git(dir, 'add', '-A');
    writeFiles(dir, { 'ci.env': `TOKEN=${fresh}\n` });
    const inRange = commit(dir, 'new token', '2024-01-02T10:00:00Z');

    const ranged = history(dir, '--range', `${base}..HEAD`).report();
    expect(ranged.stats.commits).toBe(1);
    expect(ranged.findings.map((f) => [f.secret, f.file, f.commit])).toEqual([
      [fresh, 'ci.env', inRange],
      [old, 'moved/app.env', inRange],
    ]);
    const full = history(dir).report();
    expect(bySecret(full, old)).toEqual([expect.objectContaining({ commit: base, file: 'app.env' })]);
  });

  it('limits the walk with --max-commits, --since and --branch', async () => {
    const first = fake.sk();
    const second = fake.github();
    const side = fake.aws();
    const dir = gitRepo();
    writeFiles(dir, { 'one.env': `A=${first}\n` });
    commit(dir, 'one', '2023-01-01T10:00:00Z');
    writeFiles(dir, { 'two.env': `B=${second}\n` });
    commit(dir, 'two', '2024-06-01T10:00:00Z');
    git(dir, 'checkout', '-q', '-b', 'side');
    writeFiles(dir, { 'side.env': `C=${side}\n` });
    commit(dir, 'side', '2024-07-01T10:00:00Z');
    git(dir, 'checkout', '-q', 'main');

    // In-process (scanHistory) to keep the test fast; the CLI passes these options through unchanged.
    const { scanHistory } = await import('../../src/engine/history.js');
    const secrets = async (o: Parameters<typeof scanHistory>[1]) => (await scanHistory(dir, o)).findings.map((f) => f.secret).sort();
    expect(await secrets({})).toEqual([first, second, side].sort());
    expect(await secrets({ branch: 'main' })).toEqual([first, second].sort());
    expect(await secrets({ branch: 'main', maxCommits: 1 })).toEqual([second]);
    expect(await secrets({ since: '2024-01-01' })).toEqual([second, side].sort());
    const cli = history(dir, '--branch', 'side', '--max-commits', '1', '--since', '2024-01-01').report();
    expect(cli.findings.map((f) => f.secret)).toEqual([side]);
  });

  it('scans a commit reachable only from a detached HEAD, with paths holding spaces, unicode and newlines', () => {
    const keys = [fake.sk(), fake.github(), fake.stripeLive()];
    const dir = gitRepo({ 'a.txt': 'a\n' });
    commit(dir, 'base');
    git(dir, 'checkout', '-q', '--detach');
    const names = ['dir with space/my file.env', 'ünïcødé/ключ.txt', 'line\nbreak.txt'];
    writeFiles(dir, Object.fromEntries(names.map((n, i) => [n, `key = ${keys[i]}\n`])));
    const detached = commit(dir, 'only on a detached HEAD');

    const report = history(dir).report();
    expect(report.findings.map((f) => [f.file, f.commit, f.removed]).sort()).toEqual(names.map((n) => [n, detached, false]).sort());
  });

  it('finds a secret that only a stash holds, and scans a bare clone', () => {
    const committed = fake.sk();
    const stashed = fake.github();
    const dir = gitRepo();
    writeFiles(dir, { '.env': `A=${committed}\n` });
    const first = commit(dir, 'env');
    writeFiles(dir, { '.env': `A=${committed}\nB=${stashed}\n` });
    git(dir, 'stash', '-q');

    const report = history(dir).report();
    expect(bySecret(report, committed)[0]).toMatchObject({ commit: first, removed: false });
    expect(bySecret(report, stashed)[0]).toMatchObject({ file: '.env', line: 2, removed: true });

    const bare = path.join(tmpDir(), 'bare.git');
    git(dir, 'clone', '-q', '--bare', dir, bare);
    expect(history(bare).report().findings.map((f) => [f.secret, f.commit])).toEqual([[committed, first]]);
  });

  it('skips binary blobs and submodules, counting them, with a note about submodules', () => {
    const key = fake.sk();
    const dir = gitRepo();
    writeFiles(dir, { 'image.bin': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), Buffer.from(`key ${key}`)]), 'ok.txt': 'fine\n' });
    git(dir, 'add', '-A');
    const sub = commit(dir, 'binary');
    git(dir, 'update-index', '--add', '--cacheinfo', `160000,${sub},vendor/lib`);
    execFileSync('git', ['commit', '-q', '-m', 'add a submodule pointer'], { cwd: dir, env: { ...process.env, HOME: dir } });

    const r = history(dir);
    expect(r.code).toBe(0);
    const report = r.report();
    expect(report.findings).toEqual([]);
    expect(report.stats.skipped).toMatchObject({ binary: 1, submodule: 1 });
    expect(report.notes.join('\n')).toMatch(/submodule/);
  });

  it('respects the config allowlisted paths and --max-file-size', () => {
    const allowed = fake.sk();
    const big = fake.github();
    const dir = gitRepo({ '.keyward.yaml': 'allow:\n  paths: [fixtures/**]\n' });
    writeFiles(dir, { 'fixtures/sample.env': `K=${allowed}\n`, 'big.txt': `${'x'.repeat(4000)}\nT=${big}\n` });
    commit(dir, 'fixtures');

    const r = history(dir, '--max-file-size', '1k');
    expect(r.code).toBe(0);
    expect(r.report().stats.skipped.tooLarge).toBe(1);
    expect(history(dir).report().findings.map((f) => f.secret)).toEqual([big]);
  });

  it('scans what a shallow clone has and says it is shallow', () => {
    const old = fake.sk();
    const recent = fake.github();
    const origin = gitRepo();
    writeFiles(origin, { 'old.env': `A=${old}\n` });
    commit(origin, 'old');
    fs.rmSync(path.join(origin, 'old.env'));
    writeFiles(origin, { 'new.env': `B=${recent}\n` });
    commit(origin, 'new');
    const clone = path.join(tmpDir(), 'clone');
    git(origin, 'clone', '-q', '--depth', '1', `file://${origin}`, clone);

    const r = history(clone);
    expect(r.code).toBe(1);
    expect(r.report().findings.map((f) => f.secret)).toEqual([recent]);
    expect(r.report().notes.join('\n')).toMatch(/shallow/);
  });

  it('marks secrets in commits a remote already has as pushed, and local-only ones as not pushed', () => {
    const shared = fake.sk();
    const local = fake.github();
    const origin = gitRepo();
    writeFiles(origin, { 'shared.env': `A=${shared}\n` });
    commit(origin, 'pushed');
    const clone = path.join(tmpDir(), 'clone');
    git(origin, 'clone', '-q', `file://${origin}`, clone);
    writeFiles(clone, { 'local.env': `B=${local}\n` });
    commit(clone, 'not pushed yet');

    const report = history(clone).report();
    expect(bySecret(report, shared)[0]).toMatchObject({ pushed: true });
    expect(bySecret(report, local)[0]).toMatchObject({ pushed: false });
    expect((bySecret(report, local)[0]!.remediation as string[]).join('\n')).toMatch(/local only/);
    expect(bySecret(history(origin).report(), shared)[0]).toMatchObject({ pushed: false });
  });

  it('exits 0 on an empty repository and says it has no commits', () => {
    const dir = gitRepo();
    const r = history(dir);
    expect(r.code).toBe(0);
    expect(r.report().notes.join('\n')).toMatch(/no commits/);
    const pretty = runCli(['history', dir], { cwd: dir });
    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toMatch(/no commits/);
  });

  it('exits 2 with a clear message outside a git repository', () => {
    const dir = tmpDir();
    const r = runCli(['history', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a git repository/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 on a range that names no commit, and on an option-like range', () => {
    const dir = gitRepo({ 'a.txt': 'a\n' });
    commit(dir, 'base');
    const bad = runCli(['history', dir, '--range', 'nope..HEAD'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/nope/);
    const injected = runCli(['history', dir, '--range=--output=/tmp/x'], { cwd: dir });
    expect(injected.code).toBe(2);
    expect(injected.stderr).toMatch(/invalid --range/);
  });
});

describe('keyward history progress', () => {
  it('shows progress on stderr only when stderr is a terminal and not --quiet', async () => {
    const { main } = await import('../../src/cli.js');
    const dir = gitRepo({ 'a.txt': 'a\n' });
    commit(dir, 'base');
    const run = async (...args: string[]) => {
      let err = '';
      const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s), isTTY: true }, cwd: dir, env: { NO_COLOR: '1' } };
      expect(await main(['history', dir, ...args], io)).toBe(0);
      return err;
    };
    expect(await run()).toMatch(/scanning history: 1 commit,/);
    expect(await run('--quiet')).toBe('');
  });
});

describe('scanHistory (the API other commands use)', () => {
  it('returns raw findings with the introducing commit, without the CLI', async () => {
    const { scanHistory } = await import('../../src/engine/history.js');
    const key = fake.anthropic();
    const dir = gitRepo();
    writeFiles(dir, { 'src/client.ts': `const a = 1;\nconst key = "${key}";\n` });
    const c = commit(dir, 'client');
    const scan = await scanHistory(path.join(dir, 'src'));
    expect(scan.findings).toEqual([expect.objectContaining({ secret: key, commit: c, file: 'src/client.ts', line: 2, removed: false })]);
    expect(scan.stats.commits).toBe(1);
    expect(scan.repo.root).toBe(dir);
  });
});
