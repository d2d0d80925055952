import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fake } from '../helpers/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { committedRepo, git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

/** `keyward staged` in `dir`, as a hook would run it (HOME and system config kept out). */
function staged(dir: string, ...args: string[]) {
  return runCli(['staged', '--format', 'json', ...args], { cwd: dir, env: { HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
}
const where = (r: ReturnType<typeof staged>) => r.json().findings.map((f) => `${f.file}:${f.line}`);

describe('keyward staged', () => {
  it('blocks staged changes that add a key (exit 1) and passes a clean change (exit 0)', () => {
    const dir = committedRepo();
    writeFiles(dir, { 'src/config.js': `export const key = "${fake.sk()}";\n` });
    git(dir, 'add', 'src/config.js');
    const r = staged(dir);
    expect(r.code).toBe(1);
    expect(where(r)).toEqual(['src/config.js:1']);
    git(dir, 'reset', '-q');
    writeFiles(dir, { 'src/ok.js': 'export const key = process.env.API_KEY;\n' });
    git(dir, 'add', 'src/ok.js');
    const clean = staged(dir);
    expect(clean.code).toBe(0);
    expect(clean.json().stats.files).toBe(1);
  });

  it('reads the index, not the working copy: a key only in the index is found', () => {
    const dir = committedRepo();
    writeFiles(dir, { '.env': `API_KEY=${fake.stripeLive()}\n` });
    git(dir, 'add', '.env');
    writeFiles(dir, { '.env': 'API_KEY=\n' });
    expect(where(staged(dir))).toEqual(['.env:1']);
  });

  it('reads the index, not the working copy: a key only in the working copy is not reported', () => {
    const dir = committedRepo({ 'app.py': 'print(1)\n' });
    writeFiles(dir, { 'app.py': 'print(2)\n' });
    git(dir, 'add', 'app.py');
    writeFiles(dir, { 'app.py': `print(2)\nkey = "${fake.sk()}"\n`, 'untracked.txt': `k=${fake.sk()}\n` });
    const r = staged(dir);
    expect(r.code).toBe(0);
    expect(r.json().stats.files).toBe(1);
  });

  it('reports only the lines the commit adds, not a key committed long ago', () => {
    const old = `old=${fake.sk()}`;
    const dir = committedRepo({ 'settings.ini': `${old}\nname=x\n` });
    const added = fake.github();
    writeFiles(dir, { 'settings.ini': `${old}\nname=y\ntoken=${added}\n` });
    git(dir, 'add', 'settings.ini');
    const r = staged(dir, '--no-redact');
    expect(where(r)).toEqual(['settings.ini:3']);
    expect(r.json().findings[0]!.secret).toBe(added);
  });

  it('finds the same key with lint-staged-style arguments and pre-commit --all-files-style arguments', () => {
    const dir = committedRepo({ 'README.md': 'hello\n', 'lib/a.js': 'a\n' });
    writeFiles(dir, { 'lib/b.js': `const k = "${fake.anthropic()}";\n` });
    git(dir, 'add', 'lib/b.js');
    // lint-staged: the staged files, as absolute paths.
    const lintStaged = staged(dir, path.join(dir, 'lib/b.js'));
    git(dir, 'commit', '-q', '--no-verify', '-m', 'key slipped in');
    // pre-commit run --all-files: nothing staged, every tracked file named relative to the root.
    const allFiles = staged(dir, ...git(dir, 'ls-files').trim().split('\n'));
    for (const r of [lintStaged, allFiles]) expect(r.code).toBe(1);
    const key = (r: typeof lintStaged) => r.json().findings.map((f) => [f.file, f.line, f.column, f.ruleId, f.fingerprint]);
    expect(key(allFiles)).toEqual(key(lintStaged));
    expect(key(allFiles)).toHaveLength(1);
    const pretty = runCli(['staged', ...git(dir, 'ls-files').trim().split('\n')], { cwd: dir, env: { HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(pretty.stderr).toContain('already committed');
    // Without arguments and with nothing staged there is nothing to commit, hence nothing to report.
    expect(staged(dir).code).toBe(0);
  });

  it('never narrows the scan to the named files: a staged key elsewhere is still found', () => {
    const dir = committedRepo({ 'README.md': 'hello\n', 'a.js': 'a\n' });
    writeFiles(dir, { 'a.js': 'b\n', 'secrets.txt': `key=${fake.aws()}\n` });
    git(dir, 'add', '-A');
    expect(where(staged(dir, 'a.js'))).toEqual(['secrets.txt:1']);
  });

  it('exits 2 when a named file is neither in the index nor on disk', () => {
    const dir = committedRepo();
    const r = staged(dir, 'no/such/file.js');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('path not found');
  });

  it('exits 2 when changes are staged but 0 bytes were scanned', () => {
    const dir = committedRepo();
    writeFiles(dir, { 'big.txt': `key=${fake.sk()}\n${'x'.repeat(4096)}\n` });
    git(dir, 'add', 'big.txt');
    const r = staged(dir, '--max-file-size', '1k');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('changes are staged but nothing was scanned: big.txt (tooLarge)');
  });

  it('passes binary-only and deletion-only commits, which legitimately scan 0 bytes', () => {
    const dir = committedRepo({ 'README.md': 'hello\n', 'old.txt': `k=${fake.sk()}\n` });
    git(dir, 'rm', '-q', 'old.txt');
    writeFiles(dir, { 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]) as unknown as string });
    git(dir, 'add', 'logo.png');
    const r = staged(dir);
    expect(r.code).toBe(0);
    expect(r.json().stats).toMatchObject({ files: 0, bytes: 0, skipped: { binary: 1 } });
    expect(r.json().notes.join('\n')).toMatch(/1 deleted.*1 binary|1 binary.*1 deleted/);
  });

  it('works on the very first commit of a repository (no HEAD yet)', () => {
    const dir = gitRepo({ 'main.go': `package main\nconst key = "${fake.stripeRestricted()}"\n` });
    git(dir, 'add', '-A');
    expect(where(staged(dir))).toEqual(['main.go:2']);
  });

  it('follows renames: moving a file with an old key passes, a key added while renaming is caught', () => {
    const body = Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n');
    const dir = committedRepo({ 'a.txt': `${body}\nold=${fake.sk()}\n` });
    git(dir, 'mv', 'a.txt', 'b.txt');
    expect(staged(dir).code).toBe(0);
    fs.appendFileSync(path.join(dir, 'b.txt'), `new=${fake.sk()}\n`);
    git(dir, 'add', 'b.txt');
    expect(where(staged(dir))).toEqual(['b.txt:14']);
  });

  it('skips a submodule pointer change and still scans the rest', () => {
    const dir = committedRepo();
    const sub = path.join(dir, 'vendor');
    fs.mkdirSync(sub);
    git(sub, 'init', '-q', '-b', 'main');
    git(sub, 'commit', '-q', '--allow-empty', '-m', 'sub');
    git(dir, 'add', 'vendor');
    const r = staged(dir);
    expect(r.code).toBe(0);
    expect(r.json().stats.skipped.submodule).toBe(1);
    writeFiles(dir, { 'x.env': `K=${fake.sk()}\n` });
    git(dir, 'add', 'x.env');
    expect(where(staged(dir))).toEqual(['x.env:1']);
  });

  it('checks a merge in progress against every parent: the merged branch passes, a key in the resolution is caught', () => {
    const dir = committedRepo({ 'conf.txt': 'a\nb\nc\n' });
    git(dir, 'checkout', '-q', '-b', 'side');
    writeFiles(dir, { 'side.txt': `token=${fake.github()}\n`, 'conf.txt': 'a\nside\nc\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--no-verify', '-m', 'side');
    git(dir, 'checkout', '-q', 'main');
    writeFiles(dir, { 'conf.txt': 'a\nmain\nc\n' });
    git(dir, 'commit', '-q', '-am', 'main');
    expect(() => git(dir, 'merge', '-q', 'side')).toThrow();
    writeFiles(dir, { 'conf.txt': 'a\nmain\nside\nc\n' });
    git(dir, 'add', 'conf.txt');
    const clean = staged(dir);
    expect(clean.code).toBe(0);
    expect(clean.json().notes.join('\n')).toContain('merge in progress');
    writeFiles(dir, { 'conf.txt': `a\nmain\nside\nkey=${fake.sk()}\nc\n` });
    git(dir, 'add', 'conf.txt');
    expect(where(staged(dir))).toEqual(['conf.txt:4']);
  });

  it('reads files that .gitattributes calls binary as text when they are text, still only added lines', () => {
    const dir = committedRepo({ '.gitattributes': '*.lock -diff\n', 'deps.lock': `a\nold=${fake.sk()}\n` });
    fs.appendFileSync(path.join(dir, 'deps.lock'), `new=${fake.sk()}\n`);
    git(dir, 'add', 'deps.lock');
    expect(where(staged(dir))).toEqual(['deps.lock:3']);
  });

  it('handles paths with spaces, unicode and newlines', () => {
    const dir = committedRepo();
    writeFiles(dir, { 'my dir/clé ü.txt': `k=${fake.sk()}\n`, 'odd\nname.txt': `k=${fake.sk()}\n`, 'quote"s.txt': 'clean\n' });
    git(dir, 'add', '-A');
    expect(where(staged(dir)).sort()).toEqual(['my dir/clé ü.txt:1', 'odd\nname.txt:1']);
  });

  it('exits 2 outside a git repository', () => {
    const r = staged(tmpDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a git work tree');
  });

  it('says which file and line, which key, and how to get it out of the commit', () => {
    const dir = committedRepo();
    const key = fake.sk();
    writeFiles(dir, { 'config/app settings.yml': `x: 1\napi_key: ${key}\n` });
    git(dir, 'add', '-A');
    const r = runCli(['staged'], { cwd: dir, env: { HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("config/app settings.yml:2  sk- standard API key");
    expect(r.stderr).toContain("git restore --staged -- 'config/app settings.yml'");
    expect(r.stderr).toContain('environment variable');
    expect(r.stderr).toMatch(/Last resort.*git commit --no-verify/);
    expect(r.stdout + r.stderr).not.toContain(key);
  });
});
