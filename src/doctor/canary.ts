import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crypto } from '../crypto.js';
import { runGit } from '../git/run-git.js';

/** A fake key built at run time, in the `sk-` shape every keyward rule set catches. Never a real credential. */
export function canaryKey(): string {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return 'sk-' + [...crypto().randomBytes(48)].map((b) => alnum[b % alnum.length]).join('');
}

export interface Canary {
  /** Environment that points git at the throwaway index and object folder. */
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

/**
 * Stages a canary key in a throwaway copy of the index, with new objects written to a temporary folder
 * (the repository's own objects stay readable as an alternate). The real index and object store are untouched.
 */
export async function stageCanary(top: string, env: NodeJS.ProcessEnv): Promise<Canary> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-doctor-'));
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const paths = (await runGit(top, ['rev-parse', '--path-format=absolute', '--git-path', 'index', '--git-path', 'objects'], env, 'git rev-parse')).stdout.toString('utf8').split('\n');
    const [index, objects] = paths;
    const tmpIndex = path.join(tmp, 'index');
    if (index && fs.existsSync(index)) fs.copyFileSync(index, tmpIndex);
    const canaryEnv = { ...env, GIT_INDEX_FILE: tmpIndex, GIT_OBJECT_DIRECTORY: path.join(tmp, 'objects'), GIT_ALTERNATE_OBJECT_DIRECTORIES: objects };
    fs.mkdirSync(canaryEnv.GIT_OBJECT_DIRECTORY, { recursive: true });
    const sha = (await hashObject(top, canaryEnv, `KEYWARD_DOCTOR_CANARY=${canaryKey()}\n`)).trim();
    await runGit(top, ['update-index', '--add', '--cacheinfo', `100644,${sha},keyward-doctor-canary.env`], canaryEnv, 'git update-index');
    return { env: canaryEnv, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

function hashObject(cwd: string, env: NodeJS.ProcessEnv, content: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['hash-object', '-w', '--stdin'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`git hash-object failed: ${err.trim()}`))));
    child.stdin.end(content);
  });
}

/**
 * Where git for Windows keeps the sh it runs hooks with, given `git --exec-path`
 * (e.g. C:/Program Files/Git/mingw64/libexec/git-core → C:/Program Files/Git/usr/bin/sh.exe). Pure.
 */
export function gitShCandidates(execPath: string): string[] {
  const gitRoot = path.win32.resolve(execPath.trim(), '..', '..', '..');
  return [path.win32.join(gitRoot, 'usr', 'bin', 'sh.exe'), path.win32.join(gitRoot, 'bin', 'sh.exe')];
}

/** The shell git runs hooks with: `sh` on PATH, except on Windows, where git's own sh is usually not on PATH. */
export async function hookShell(cwd: string, env: NodeJS.ProcessEnv, platform = process.platform): Promise<string> {
  if (platform !== 'win32') return 'sh';
  const execPath = (await runGit(cwd, ['--exec-path'], env, 'git --exec-path')).stdout.toString('utf8');
  return gitShCandidates(execPath).find((p) => fs.existsSync(p)) ?? 'sh';
}

/** Runs one shell line (keyward's hook line) the way git runs a hook: with git's sh, from the top level. */
export async function runHookLine(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const sh = await hookShell(cwd, env);
  return new Promise((resolve) => {
    const child = spawn(sh, ['-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ code: 127, output: e.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
