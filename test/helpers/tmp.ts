import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh folder under the system temp dir, removed after the test file. */
export function tmpDir(prefix = 'keyward-test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  fs.chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

/** Writes files (relative path → content) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.invalid',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Runs git in `dir`; refuses to run anywhere but a temp folder, so a test can never touch a real repo. */
export function git(dir: string, ...args: string[]): string {
  if (!path.resolve(dir).startsWith(fs.realpathSync(os.tmpdir()))) throw new Error(`refusing to run git outside the temp dir: ${dir}`);
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A real repository with one commit of `files` on `main`, so that changes have a HEAD to compare against. */
export function committedRepo(files: Record<string, string | Buffer> = { 'README.md': 'hello\n' }): string {
  const dir = gitRepo(files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

/** A real repository in a temp folder, with an initial branch `main`. */
export function gitRepo(files: Record<string, string | Buffer> = {}): string {
  const dir = tmpDir('keyward-repo-');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test Author');
  git(dir, 'config', 'user.email', 'author@example.invalid');
  git(dir, 'config', 'core.autocrlf', 'false');
  writeFiles(dir, files);
  return dir;
}
