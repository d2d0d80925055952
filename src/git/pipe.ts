import { spawn } from 'node:child_process';
import { GitError } from '../errors.js';

/** Runs `git args` in `dir` with `input` on stdin and returns stdout (for --stdin / --batch commands). */
export function gitWithInput(dir: string, args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new GitError(`could not run git ${args[0]}: ${e.message}`, 'is git installed and on PATH?')));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new GitError(`git ${args.join(' ')} failed: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    child.stdin.on('error', () => undefined); // git may exit before reading everything; 'close' reports it
    child.stdin.end(input);
  });
}
