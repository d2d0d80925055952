import { spawn } from 'node:child_process';
import { GitError } from '../errors.js';

export interface RunGitOptions {
  /** Written to git's stdin (e.g. paths for `check-ignore --stdin`). */
  input?: string;
  /** Exit codes that are not errors (`git check-ignore` exits 1 when nothing is ignored). */
  okCodes?: number[];
}

/**
 * Runs one git command in `cwd` and returns its stdout. For commands that need stdin or a non-zero
 * "nothing found" exit code, which the simple-git wrapper does not give us. Never writes to the repository.
 */
export function runGit(cwd: string, args: string[], opts: RunGitOptions = {}): Promise<string> {
  const ok = opts.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new GitError(`cannot run git: ${e.message}`, 'install git and make sure it is on PATH')));
    child.on('close', (code) => {
      if (code !== null && ok.includes(code)) return resolve(Buffer.concat(out).toString('utf8'));
      const msg = Buffer.concat(err).toString('utf8').trim().split('\n')[0] ?? '';
      reject(new GitError(`git ${args[0]} failed (exit ${code}): ${msg}`, 'check that the folder is a healthy git repository'));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}
