import { GitError } from '../errors.js';
import { startThreadEarly, takeThread, threadEntry } from '../threads.js';
import type { SharedPlace } from '../detect/wasm-dfa.js';
import { ByteRing, type RingHandle } from './byte-ring.js';
import { BlobReader, readAnswer, type AnswerBytes, type BlobResult } from './cat-file.js';
import { bodyAfter, padBefore } from './unwrapped-answers.js';

/** What the history walk needs of a blob reader: ask for blobs, read the answers in request order, stop. */
export interface BlobSource {
  request(oid: string): void;
  /** The answer to the oldest request not yet read. Its content may be valid only until the next call. */
  next(maxSize: number): Promise<BlobResult>;
  close(): Promise<void>;
}

/** Messages to the reader thread (cat-file-thread.ts) and back. */
export type ReaderRequest = { t: 'start'; repo: string; ring: RingHandle } | { t: 'request'; oids: string } | { t: 'close' };
export type ReaderAnswer = { t: 'done' } | { t: 'error'; message: string; hint?: string };

/**
 * Read-ahead: git runs up to this far ahead of the scan. Blobs that fit are handed out in place, uncopied (the
 * thread starts a body that would wrap around the end at the ring's start, unwrapped-answers.ts); a larger one is
 * copied. When a wrapped blob was still copied, on the large history corpus (multi-megabyte bundles), an 8 MB ring
 * copied 406 of its 540 MB and 32 MB 105 MB: 4.1 -> 3.85 s, for ~25 MB more peak RSS. (The ring is seldom full: git
 * runs only as far ahead as the blobs requested, see WINDOW in git-history.ts.)
 */
const RING_BYTES = 32 * 1024 * 1024;
/** Ids go to the thread in batches: a first commit can add 100,000 files, and a message per id costs more than its read. */
const BATCH = 256;
const LF = 10;

/**
 * The blob reader for a history scan: `git cat-file --batch` drained on a thread of its own (ThreadedBlobReader)
 * where a second core can run it, else on this thread (BlobReader). Running from the TypeScript sources (the
 * in-process tests) there is no built thread entry, and blobs are read on this thread too.
 */
export function openBlobSource(repo: string, ringSpace?: RingSpace): BlobSource {
  const entry = readerEntry();
  if (!entry) return new BlobReader(repo);
  return new ThreadedBlobReader(repo, { entry, ringSpace });
}

/** The reader thread's entry, when this machine has a second core for it and the build has it. */
const readerEntry = () => threadEntry('./cat-file-thread.js', import.meta.url);

/**
 * Starts the history scan's reader thread now, before the repository is known and the rules are loaded: git
 * cat-file starts only once the thread has booted. Returns the thread's id (see ThreadedBlobReader.threadId), or
 * undefined on one core.
 */
export function startReaderEarly(entry = readerEntry()): number | undefined {
  return entry && startThreadEarly(entry);
}

type Worker = import('node:worker_threads').Worker;

/** Gives `bytes` of shared memory for the ring (Detector.scanSpace: the keyword scanner's, so blobs are scanned in place), or undefined. */
export type RingSpace = (bytes: number) => SharedPlace | undefined;

/**
 * Reads `git cat-file --batch` answers (`<oid> blob <size>\n<bytes>\n`, `<oid> missing\n`) from a ring that a
 * worker thread (cat-file-thread.ts) fills with git's output. The history scan detects synchronously for
 * seconds at a time; with git's pipe drained by another thread meanwhile, git and the scan run side by side.
 * A blob that lies whole in the ring is handed out in place: no copy, no garbage, memory bounded by the ring.
 */
export class ThreadedBlobReader implements BlobSource {
  private readonly ring: ByteRing;
  private readonly worker: Worker;
  private readonly finished: Promise<ReaderAnswer>;
  private readonly exited: Promise<void>;
  /** The thread's last word, once it came. */
  private outcome: ReaderAnswer | undefined;
  private batch = '';
  private batched = 0;
  /** Ring bytes of the previous answer, handed out in place: given back on the next call. */
  private held = 0;
  /** Where answers that do not lie whole in the ring are put together (the same contract: valid until the next call). */
  private scratch = Buffer.alloc(0);
  private readonly answers: AnswerBytes = { line: () => this.header(), skip: (n) => this.skip(n), content: (size) => this.take(size) };

  constructor(repo: string, opts: { entry: URL; ringBytes?: number; ringSpace?: RingSpace }) {
    const size = opts.ringBytes ?? RING_BYTES;
    this.ring = ByteRing.create(size, opts.ringSpace?.(ByteRing.bytesFor(size)));
    this.worker = takeThread(opts.entry);
    this.worker.postMessage({ t: 'start', repo, ring: this.ring.handle } satisfies ReaderRequest);
    this.finished = new Promise((resolve) => {
      this.worker.once('message', resolve);
      this.worker.once('error', (e) => resolve({ t: 'error', message: `the git reader thread failed: ${e.message}` }));
      this.worker.once('exit', () => resolve({ t: 'error', message: 'the git reader thread stopped before answering every request' }));
    });
    void this.finished.then((a) => (this.outcome = a));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** The reader thread's id. */
  get threadId(): number {
    return this.worker.threadId;
  }

  request(oid: string): void {
    this.batch += `${oid}\n`;
    if (++this.batched >= BATCH) this.flush();
  }

  next(maxSize: number): Promise<BlobResult> {
    this.flush();
    this.ring.consume(this.held);
    this.held = 0;
    return readAnswer(this.answers, maxSize);
  }

  async close(): Promise<void> {
    this.worker.postMessage({ t: 'close' } satisfies ReaderRequest);
    await this.exited;
  }

  private flush(): void {
    if (!this.batched) return;
    this.worker.postMessage({ t: 'request', oids: this.batch } satisfies ReaderRequest);
    this.batch = '';
    this.batched = 0;
  }

  /** Waits until at least `n` bytes are queued; fails when git's output ends first. */
  private async until(n: number): Promise<void> {
    for (;;) {
      const mark = this.ring.mark;
      if (this.ring.filled >= n) return;
      // The thread reports git's failure before it ends the ring, and a thread that crashed never ends it.
      if (this.outcome?.t === 'error') throw new GitError(this.outcome.message, this.outcome.hint);
      if (this.ring.ended) throw new GitError('git cat-file ended before answering every request');
      await (this.outcome ? this.ring.changed(mark) : Promise.race([this.ring.changed(mark), this.finished]));
    }
  }

  /** The next answer's header line, with the pad the thread put before its body (if any) skipped. */
  private async header(): Promise<string> {
    const line = await this.line();
    const pad = padBefore(this.ring.readAt, bodyAfter(line), this.ring.size);
    if (pad > 0) await this.skip(pad);
    return line;
  }

  private async line(): Promise<string> {
    let nl: number;
    let from = 0;
    for (let to = this.ring.filled; (nl = this.ring.indexOf(LF, from, to)) === -1; to = this.ring.filled) {
      from = to;
      await this.until(from + 1);
    }
    const bytes = Buffer.allocUnsafe(nl);
    this.ring.copy(0, nl, bytes);
    this.ring.consume(nl + 1);
    return bytes.toString('latin1');
  }

  /** The next `size` bytes and the LF after them: in place when they fit the ring unwrapped, else copied. */
  private async take(size: number): Promise<Buffer> {
    if (size + 1 <= this.ring.size) {
      await this.until(size + 1);
      const view = this.ring.view(0, size);
      if (view) {
        this.held = size + 1;
        return Buffer.from(view.buffer, view.byteOffset, size);
      }
    }
    // Copied as it arrives (a blob larger than the ring never fits it whole), into a buffer kept for the next
    // such blob: history corpora hold dozens of multi-megabyte bundles, each a fresh buffer for the GC otherwise.
    if (this.scratch.length < size) this.scratch = Buffer.allocUnsafeSlow(size);
    const out = this.scratch.subarray(0, size);
    for (let have = 0; have < size; ) {
      await this.until(1);
      const n = Math.min(this.ring.filled, size - have);
      this.ring.copy(0, n, out, have);
      this.ring.consume(n);
      have += n;
    }
    await this.skip(1);
    return out;
  }

  private async skip(n: number): Promise<void> {
    while (n > 0) {
      await this.until(1);
      const k = Math.min(this.ring.filled, n);
      this.ring.consume(k);
      n -= k;
    }
  }
}
