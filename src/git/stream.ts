import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitError } from '../errors.js';
import { gitComplaint } from './run-git.js';

/**
 * Environment for every git process keyward starts on a scanned repository. GIT_NO_LAZY_FETCH (git 2.44+)
 * stops a partial clone from downloading missing blobs: keyward never uses the network.
 */
export const GIT_SCAN_ENV: NodeJS.ProcessEnv = { GIT_NO_LAZY_FETCH: '1', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };

/**
 * Starts a long-running git process. simple-git buffers a command's whole output before returning it,
 * which is fine for short answers but not for a repository's whole log or every blob it holds, so the
 * streaming commands (log, ls-tree, cat-file) are spawned directly and read with backpressure.
 */
export function spawnGit(cwd: string, args: string[]): { proc: ChildProcessWithoutNullStreams; done: Promise<void>; stop: () => void } {
  // Only a stop keyward asked for is a clean end: git killed by anyone else mid-stream means the output is cut short.
  let stopped = false;
  const stop = () => {
    stopped = true;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill();
  };
  const proc = spawn('git', args, { cwd, env: { ...process.env, ...GIT_SCAN_ENV }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (s: string) => {
    if (stderr.length < 4096) stderr += s;
  });
  const done = new Promise<void>((resolve, reject) => {
    proc.on('error', (e) => reject(new GitError(`could not run git: ${e.message}`, 'install git and make sure it is on PATH')));
    proc.on('close', (code, signal) => {
      if (code === 0 || (stopped && signal !== null)) resolve();
      else reject(new GitError(`git ${args[0]} failed: ${gitComplaint(stderr) ?? (signal ? `killed by ${signal}` : `exit code ${code}`)}`, gitHint(stderr)));
    });
  });
  // git exiting early (a damaged repository) surfaces through its exit code, not as an EPIPE crash on our side.
  proc.stdin.on('error', () => undefined);
  // A rejection nobody awaits yet (the stream is still being read) must not crash the process.
  done.catch(() => undefined);
  return { proc, done, stop };
}

function gitHint(stderr: string): string | undefined {
  if (/unknown revision|bad revision|ambiguous argument/i.test(stderr)) return 'check the --range / --branch value: each side must be a commit, branch or tag that exists here';
  return undefined;
}

/**
 * Splits a byte stream on NUL into UTF-8 strings (git's `-z` output), across chunk boundaries.
 * Splitting bytes before decoding keeps multi-byte characters that straddle two chunks intact.
 */
export async function* nulTokens(stream: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of stream) {
    let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    let i: number;
    while ((i = buf.indexOf(0, start)) !== -1) {
      yield buf.toString('utf8', start, i);
      start = i + 1;
    }
    rest = buf.subarray(start);
    buf = rest;
  }
  if (rest.length) yield rest.toString('utf8');
}

/** Splits git's NUL-separated output (`-z`), dropping the empty tail. */
export function splitNul(out: string): string[] {
  return out.split('\0').filter((s) => s.length > 0);
}
