import { createRequire } from 'node:module';
import { KeywardError } from '../errors.js';
import { startThreadEarly, takeThread, threadEntry } from '../threads.js';
import type { FileOutcome, ListedFile } from './listed-file.js';
import { bytesFragment } from './read-text.js';
import type { ScannedBytes } from './fragment.js';
import { plannedWindows, type WindowRule } from '../detect/window-plan.js';
import { ASCII, UTF8, CONTROL_CELLS, FILE_SLOT, HUNGRY, Kind, NEXT, POSTED, RECORD, RELEASED, SKIP_CODES, unpackHits, type TreeReadAnswer, type TreeReadRequest } from './tree-read-protocol.js';

/**
 * Read-ahead: the thread reads up to this far ahead of the scan (a file takes at most a slot of it). With 8 MB the
 * scan of the tree corpus still waited for the thread behind its multi-megabyte bundles.
 */
const RING_BYTES = 16 * 1024 * 1024;
/**
 * How far ahead of this thread, as a part of the ring, the reader thread must be to choose windows itself (work this
 * thread does otherwise). In the tree corpus the reader thread is the slower one once the scan is under way (this
 * thread waited for it ~12% of its time): at three quarters it chooses fewer, mostly early on, than at a quarter
 * (20 paired runs: wall 0.982 +- 0.006, CPU the same).
 */
const PLAN_AHEAD = 3 / 4;
/** How long the main thread blocks waiting for an answer before it lets its event loop see a failed thread. */
const WAIT_MS = 50;

/**
 * One listed file as the reader thread left it: a fragment whose keywords are found already, a skip, or (only its
 * size) a text the thread found no keyword in, or no window to search: no rule can match it, there is nothing to detect.
 */
export interface ThreadOutcome {
  file: ListedFile;
  outcome: FileOutcome | { bytes: number; fragment?: undefined };
  /** A binary file: a whole-file rule may want its bytes (the thread skips it; the main thread reads it then). */
  binary?: boolean;
}

const treeReaderEntry = (): URL | undefined => threadEntry('./tree-read-thread.js', import.meta.url);

/**
 * Starts the reader thread now, for a scan that will most likely read on it (see WorkingTreeSource.looksLong): a
 * thread boots in ~30 ms alone, but in ~100 ms beside a walking main thread. TreeReadThread.start takes it.
 */
export function startTreeReaderEarly(): void {
  const entry = treeReaderEntry();
  if (entry) startThreadEarly(entry);
}

type Answer = Exclude<TreeReadAnswer, { t: 'error' }>;

/** What the thread is told of the scan's rules (Detector.threadPlan). */
export interface ThreadPlan {
  keywords: string[];
  rules: (WindowRule | null)[];
  wholeText: number[];
}

/** What the thread found in one file, read from an answer where it lies (unpacked only when asked for). */
class ThreadScanned implements ScannedBytes {
  private byRule: Map<number, Int32Array> | undefined;
  constructor(
    private readonly hits: Int32Array,
    private readonly hitsAt: number,
    private readonly planned: Int32Array,
    private readonly plannedAt: number,
    readonly ascii: boolean,
    readonly utf8: boolean,
  ) {}

  located(ends: (number[] | undefined)[]): number {
    return unpackHits(this.hits, this.hitsAt, ends);
  }

  windows(rule: number): Int32Array | undefined {
    if (this.plannedAt < 0) return undefined;
    return (this.byRule ??= plannedWindows(this.planned, this.plannedAt)).get(rule);
  }
}

/**
 * A working-tree scan's files read on a thread of its own (tree-read-thread.ts), which also finds their keywords
 * (and, while it is well ahead, each windowed rule's windows). The thread is started before the walk or after it
 * (it boots in ~30 ms alone, ~100 ms beside a busy main thread) and reads once it has the listing (`read`); if it is
 * not ready by then, the main thread reads the first files itself, taking them one at a time (`take`), until the
 * thread takes over and `rest` hands out the others in order. Each of those fragments' bytes lie in the thread's
 * shared ring and last until the next one is asked for; its `scanned` gives what the thread found in them.
 */
export class TreeReadThread {
  private readonly worker: import('node:worker_threads').Worker;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_CELLS * 4));
  private readonly answers: import('node:worker_threads').MessagePort;
  private readonly receive: typeof import('node:worker_threads').receiveMessageOnPort;
  private readonly ringBytes: number;
  private files: readonly ListedFile[] = [];
  private failure: Error | undefined;
  private closed: Promise<number> | undefined;

  /**
   * A thread for a scan with this plan (Detector.threadPlan), or undefined: no plan (a keyword that is not ASCII),
   * one core, or no built thread entry (the in-process tests of the sources).
   */
  static start(plan: ThreadPlan | undefined, settle: boolean): TreeReadThread | undefined {
    const entry = treeReaderEntry();
    return plan && entry ? new TreeReadThread(plan, { entry, settle }) : undefined;
  }

  /**
   * `ringBytes`: the ring's size, room for two files at least (tests make it small). `planAhead`: how far ahead of
   * this thread, in ring bytes, the thread must be to choose a file's windows (default PLAN_AHEAD of the ring; tests: 0).
   * `settle`: a file whose windows the thread chose and found none of comes back clean (see TreeReadRequest).
   */
  constructor({ keywords, rules, wholeText }: ThreadPlan, opts: { entry: URL; ringBytes?: number; planAhead?: number; settle?: boolean }) {
    this.ringBytes = opts.ringBytes ?? RING_BYTES;
    if (this.ringBytes < 2 * FILE_SLOT) throw new RangeError(`the ring needs room for two files: ${this.ringBytes} < ${2 * FILE_SLOT}`);
    const threads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    this.receive = threads.receiveMessageOnPort;
    this.worker = takeThread(opts.entry);
    // Until it is given files, the thread does not keep the process alive (a scan that never reads on it).
    this.worker.unref();
    this.worker.once('error', (e) => (this.failure = e));
    this.worker.once('exit', () => (this.failure ??= new Error('it stopped before reading every file')));
    const { port1, port2 } = new threads.MessageChannel();
    this.answers = port1;
    const planAhead = opts.planAhead ?? this.ringBytes * PLAN_AHEAD;
    const prepare: TreeReadRequest = { t: 'prepare', keywords, rules, wholeText, settle: opts.settle ?? false, planAhead, ringBytes: this.ringBytes, control: this.control.buffer as SharedArrayBuffer, port: port2 };
    this.worker.postMessage(prepare, [port2]);
  }

  /** Gives the thread its files, in report order: it reads them from the first one `take` refuses. Once per thread. */
  read(files: readonly ListedFile[], maxFileSize: number): void {
    this.files = files;
    this.worker.ref();
    this.worker.postMessage({ t: 'read', files: files.map((f) => f.abs), regular: Uint8Array.from(files, (f) => (f.regular ? 1 : 0)), maxFileSize } satisfies TreeReadRequest);
  }

  /** True when the main thread reads file `i` itself (asked in order: 0, 1, 2…); false once the thread took over from `i`. */
  take(i: number): boolean {
    return Atomics.compareExchange(this.control, NEXT, i, i + 1) === i;
  }

  /** The files from the first one `take` refused, read on the thread, in order. */
  async *rest(): AsyncGenerator<ThreadOutcome> {
    const { files } = this;
    const ring = await this.next();
    if (ring.t !== 'ring') throw new KeywardError('the file reader thread answered out of turn');
    for (;;) {
      const a = await this.next();
      if (a.t === 'done') return;
      if (a.t !== 'files') throw new KeywardError('the file reader thread answered out of turn');
      const { records, hits, windows } = a;
      let skip = 0;
      let large = 0;
      for (let r = 0; r < records.length; r += RECORD) {
        const file = files[records[r]!]!;
        const kind = records[r + 1]!;
        const length = records[r + 3]!;
        if (kind === Kind.Skip || kind === Kind.Binary) {
          yield { file, outcome: { skip: SKIP_CODES[records[r + 2]!]!, detail: a.skips[skip++]! }, binary: kind === Kind.Binary };
        } else if (kind === Kind.Clean) {
          // A fragment would only be looked at and found clean.
          yield { file, outcome: { bytes: length } };
        } else {
          const bytes = kind === Kind.Large ? Buffer.from(a.large[large++]!) : Buffer.from(ring.buffer, ring.offset + records[r + 2]!, length);
          const flags = records[r + 6]!;
          const scanned = new ThreadScanned(hits, records[r + 4]!, windows, records[r + 5]!, (flags & ASCII) !== 0, (flags & UTF8) !== 0);
          yield { file, outcome: { fragment: bytesFragment(file.rel, bytes, { scanned }), bytes: length } };
        }
        // The consumer is done with this file's bytes once it asks for the next file.
        Atomics.store(this.control, RELEASED, records[r + 7]!);
        Atomics.notify(this.control, RELEASED);
      }
    }
  }

  /** Stops the thread (a scan that did not read on it, or stopped early). */
  async close(): Promise<void> {
    if (!this.closed) {
      this.answers.close();
      this.closed = this.worker.terminate();
    }
    await this.closed;
  }

  /**
   * The next answer, taken off the port without turning the event loop: the scan is synchronous between files,
   * and a turn per answer left it waiting ~0.1 s in all (tree corpus). The loop turns only while nothing comes.
   */
  private async next(): Promise<Answer> {
    for (;;) {
      const posted = Atomics.load(this.control, POSTED);
      const a = this.receive(this.answers)?.message as TreeReadAnswer | undefined;
      if (a) {
        if (a.t === 'error') throw new KeywardError(`the file reader thread failed: ${a.message}`);
        return a;
      }
      if (this.failure) throw new KeywardError(`the file reader thread failed: ${this.failure.message}`);
      Atomics.store(this.control, HUNGRY, 1);
      const waited = Atomics.wait(this.control, POSTED, posted, WAIT_MS);
      Atomics.store(this.control, HUNGRY, 0);
      if (waited === 'timed-out') await new Promise(setImmediate);
    }
  }
}
