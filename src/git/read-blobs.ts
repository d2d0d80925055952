import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { GitError } from '../errors.js';
import { cannotRun, gitEnv, gitFailed } from './run-git.js';

export interface Blob {
  sha: string;
  size: number;
  /** Undefined when the blob is larger than `maxSize` (its bytes were read past, not kept). */
  content?: Buffer;
}

/** One `git cat-file --batch` process, started before the object names are known. */
export interface CatFile {
  /** Streams these blobs, in request order; once per process. */
  read(shas: string[], maxSize: number): AsyncGenerator<Blob>;
  /** Ends the process if `read` was never called (git exits when its input ends); harmless otherwise. */
  close(): void;
}

/** Streams blobs from one `git cat-file --batch` process, in request order (see `catFile`). */
export async function* readBlobs(cwd: string, env: NodeJS.ProcessEnv, shas: string[], maxSize: number): AsyncGenerator<Blob> {
  if (shas.length === 0) return;
  yield* catFile(cwd, env).read(shas, maxSize);
}

/**
 * Starts `git cat-file --batch`. Its output is, per object:
 *
 *   8352675d67aed6625ece79af41c27fdb4ee2e867 blob 12\n<12 bytes>\n
 *   0000000000000000000000000000000000000000 missing\n
 *
 * A missing object is an error (a corrupt repository must not look clean).
 */
export function catFile(cwd: string, env: NodeJS.ProcessEnv): CatFile {
  const child = spawn('git', ['cat-file', '--batch'], { cwd, env: gitEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  const errs: Buffer[] = [];
  child.stderr.on('data', (b: Buffer) => errs.push(b));
  const closed = new Promise<number>((resolve, reject) => {
    child.on('error', (e) => reject(cannotRun(e)));
    child.on('close', (code) => resolve(code ?? -1));
  });
  closed.catch(() => undefined);
  child.stdin.on('error', () => undefined); // git exiting early surfaces through its exit code
  child.stdout.on('error', () => undefined); // likewise, when nothing was read
  let used = false;
  return {
    close() {
      if (used) return;
      used = true;
      child.stdin.end();
      child.stdout.resume(); // drain, so that the pipe closes and the process can exit
    },
    async *read(shas, maxSize) {
      if (used) throw new Error('catFile: read after read or close');
      used = true;
      child.stdin.end(shas.map((s) => `${s}\n`).join(''));
      yield* parseBatch(child, closed, errs, shas, maxSize);
    },
  };
}

async function* parseBatch(child: ChildProcessByStdio<Writable, Readable, Readable>, closed: Promise<number>, errs: Buffer[], shas: string[], maxSize: number): AsyncGenerator<Blob> {
  let buf: Buffer = Buffer.alloc(0);
  let cur: { sha: string; size: number; left: number; parts: Buffer[] | null } | undefined;
  let done = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        if (!cur) {
          const nl = buf.indexOf(10);
          if (nl < 0) break;
          const header = buf.toString('latin1', 0, nl);
          buf = buf.subarray(nl + 1);
          const m = /^([0-9a-f]+) blob (\d+)$/.exec(header);
          if (!m) throw new GitError(`cannot read blob ${shas[done]}: git cat-file says "${header}"`, 'the repository may be corrupt: run `git fsck`');
          const size = Number(m[2]);
          cur = { sha: m[1]!, size, left: size + 1, parts: size <= maxSize ? [] : null };
        }
        if (buf.length === 0) break;
        const take = Math.min(cur.left, buf.length);
        cur.parts?.push(buf.subarray(0, take));
        buf = buf.subarray(take);
        cur.left -= take;
        if (cur.left > 0) break;
        const content = cur.parts ? Buffer.concat(cur.parts).subarray(0, cur.size) : undefined;
        yield { sha: cur.sha, size: cur.size, content };
        cur = undefined;
        done++;
      }
    }
    const code = await closed;
    if (code !== 0) throw gitFailed('git cat-file', { stderr: Buffer.concat(errs).toString('utf8'), code });
    if (done !== shas.length) throw new GitError(`git cat-file returned ${done} of ${shas.length} blobs`);
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
