import { GitError } from '../errors.js';
import { spawnGit } from './stream.js';

export type BlobResult =
  | { oid: string; size: number; content: Buffer }
  /** Larger than the limit: the bytes were read past, never held. */
  | { oid: string; size: number; tooLarge: true }
  /** Not in the object database (shallow or partial clone) or not a blob. */
  | { oid: string; missing: true };

const READ_AHEAD = 2 * 1024 * 1024;

/** The bytes of `git cat-file --batch` output, wherever a reader holds them (chunks of a pipe, a shared ring). */
export interface AnswerBytes {
  /** The next line, without its LF. */
  line(): Promise<string>;
  skip(n: number): Promise<void>;
  /** The next `size` bytes; the LF that ends them is read past too. */
  content(size: number): Promise<Buffer>;
}

/** The bytes of the body (its LF included) that follow a header line's fields, or 0 (`<oid> missing`). */
export function bodyBytes(header: readonly string[]): number {
  return header.length === 3 ? Number(header[2]) + 1 : 0;
}

/** Reads one answer: `<oid> blob <size>\n<bytes>\n`, `<oid> missing\n`, or another object type (skipped, reported missing). */
export async function readAnswer(from: AnswerBytes, maxSize: number): Promise<BlobResult> {
  const header = (await from.line()).split(' ');
  const oid = header[0]!;
  const body = bodyBytes(header);
  if (header[1] !== 'blob' || header.length !== 3) {
    if (body > 0) await from.skip(body);
    return { oid, missing: true };
  }
  const size = body - 1;
  if (size > maxSize) {
    await from.skip(body);
    return { oid, size, tooLarge: true };
  }
  return { oid, size, content: await from.content(size) };
}

/**
 * Reads blobs through one long-running `git cat-file --batch`: ids are written to its stdin as they are
 * requested and the answers are read back in the same order, so git decompresses the next blobs while
 * keyward scans the previous ones. Answers look like `<oid> blob <size>\n<size bytes>\n` or `<oid> missing\n`.
 */
export class BlobReader {
  private readonly git: ReturnType<typeof spawnGit>;
  private buf: Buffer = Buffer.alloc(0);
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly answers: AnswerBytes = {
    line: () => this.readLine(),
    skip: (n) => this.skip(n),
    content: async (size) => (await this.take(size + 1)).subarray(0, size),
  };

  constructor(repo: string) {
    this.git = spawnGit(repo, ['cat-file', '--batch']);
    // Read ahead up to READ_AHEAD bytes so git decompresses the next blobs while keyward scans (2 cores busy),
    // then pause: memory stays bounded however far behind the scan is.
    const out = this.git.proc.stdout;
    out.on('data', (c: Buffer) => {
      this.queue.push(c);
      this.queued += c.length;
      if (this.queued > READ_AHEAD) out.pause();
      this.wake?.();
    });
    out.on('end', () => {
      this.ended = true;
      this.wake?.();
    });
  }

  /** Asks for a blob; its answer comes from `next()` after the answers to earlier requests. */
  request(oid: string): void {
    this.git.proc.stdin.write(`${oid}\n`);
  }

  /** The answer to the oldest request not yet read. Content above `maxSize` bytes is skipped, not buffered. */
  next(maxSize: number): Promise<BlobResult> {
    return readAnswer(this.answers, maxSize);
  }

  async close(): Promise<void> {
    this.git.proc.stdin.end();
    this.git.stop();
    await this.git.done.catch(() => undefined);
  }

  /** The next chunk of git's output, in order. */
  private async chunk(): Promise<Buffer> {
    while (!this.queue.length) {
      if (this.ended) {
        await this.git.done;
        throw new GitError('git cat-file ended before answering every request');
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    const c = this.queue.shift()!;
    this.queued -= c.length;
    if (this.queued <= READ_AHEAD / 2 && this.git.proc.stdout.isPaused()) this.git.proc.stdout.resume();
    return c;
  }

  private async fill(): Promise<void> {
    const c = await this.chunk();
    this.buf = this.buf.length ? Buffer.concat([this.buf, c]) : c;
  }

  private async readLine(): Promise<string> {
    let nl: number;
    while ((nl = this.buf.indexOf(10)) === -1) await this.fill();
    const line = this.buf.toString('utf8', 0, nl);
    this.buf = this.buf.subarray(nl + 1);
    return line;
  }

  private async take(n: number): Promise<Buffer> {
    if (this.buf.length >= n) {
      const out = this.buf.subarray(0, n);
      this.buf = this.buf.subarray(n);
      return out;
    }
    // Collect the parts and copy once: concatenating on every chunk would be quadratic for a large blob.
    const parts: Buffer[] = [this.buf];
    let have = this.buf.length;
    this.buf = Buffer.alloc(0);
    while (have < n) {
      const c = await this.chunk();
      parts.push(c);
      have += c.length;
    }
    const all = Buffer.concat(parts, have);
    this.buf = all.subarray(n);
    return all.subarray(0, n);
  }

  private async skip(n: number): Promise<void> {
    while (this.buf.length < n) {
      n -= this.buf.length;
      this.buf = await this.chunk();
    }
    this.buf = this.buf.subarray(n);
  }
}
