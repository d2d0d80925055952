import { spawn } from 'node:child_process';
import { GitError } from '../errors.js';

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/**
 * Git's environment for keyward: the caller's, so that a running hook's GIT_INDEX_FILE / GIT_DIR count
 * (`git commit -a` and `git commit <paths>` hand the hook a temporary index), with messages in English.
 */
export function gitEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' };
}

/**
 * Runs git and buffers its output. A plain child process, not simple-git: the pre-commit hook pays for
 * every module it loads. Exit codes outside `ok` become a GitError naming `what` and git's own message.
 * `input` is written to git's stdin (e.g. paths for `check-ignore --stdin`).
 */
export function runGit(cwd: string, args: string[], env: NodeJS.ProcessEnv, what: string, ok: number[] = [0], input?: string): Promise<GitResult> {
  return run(cwd, args, env, what, ok, input, (stdout) => stdout).then(([stdout, r]) => ({ ...r, stdout }));
}

/**
 * Runs git and reads its stdout with `read` as soon as it ends, while git itself exits (the hook waited ~2.5 ms for
 * that between the diff's last byte and its exit code). What `read` gives or throws counts only once git exited 0;
 * any other exit is git's own error.
 */
export async function readGit<T>(cwd: string, args: string[], env: NodeJS.ProcessEnv, what: string, read: (stdout: Buffer) => T): Promise<T> {
  return (await run(cwd, args, env, what, [0], undefined, read))[0];
}

function run<T>(cwd: string, args: string[], env: NodeJS.ProcessEnv, what: string, ok: number[], input: string | undefined, read: (stdout: Buffer) => T): Promise<[T, { stderr: string; code: number }]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(env), stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (child.stdin) {
      // git exiting early (a damaged repository) shows in its exit code, not as an EPIPE crash here.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let result: { value: T } | { error: unknown } | undefined;
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stdout!.on('end', () => {
      try {
        result = { value: read(Buffer.concat(out)) };
      } catch (e) {
        result = { error: e };
      }
    });
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(cannotRun(e)));
    child.on('close', (code) => {
      const r = { stderr: Buffer.concat(err).toString('utf8'), code: code ?? -1 };
      if (!ok.includes(r.code)) reject(gitFailed(what, r));
      else if (!result) reject(new GitError(`${what}: its output did not end`));
      else if ('error' in result) reject(result.error);
      else resolve([result.value, r]);
    });
  });
}

/** git's stdout as text, run in `cwd` with the caller's environment; exit codes outside `ok` reject with git's message. */
export async function gitOutput(cwd: string, args: string[], ok?: number[], input?: string): Promise<string> {
  return (await runGit(cwd, args, process.env, `git ${args[0]}`, ok, input)).stdout.toString('utf8');
}

export function cannotRun(e: Error): GitError {
  return new GitError(`cannot run git: ${e.message}`, 'install git and make sure it is on PATH');
}

export function gitFailed(what: string, r: { stderr: string; code: number }): GitError {
  return new GitError(`${what} failed: ${gitComplaint(r.stderr) ?? `git exited with code ${r.code}`}`);
}

/** git's own complaint on stderr: its first `fatal:` line, else its first line, without the label; undefined when it said nothing. */
export function gitComplaint(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => l.startsWith('fatal:')) ?? lines[0])?.replace(/^fatal:\s*/, '');
}
