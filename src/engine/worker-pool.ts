import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { KeywardError } from '../errors.js';
import type { Fragment } from '../sources/fragment.js';
import type { RuleSpec } from './rule-types.js';
import type { ListedFile } from '../sources/listed-file.js';
import { toWireFragment, type BatchRequest, type FileResult, type FilesRequest, type WireFragment, type WireResult, type WorkerMessage } from './worker-protocol.js';
import { restoreHeapCaps } from '../heap.js';
import { threadFile } from '../threads.js';
import { builtFacts } from './line-local.js';
import { detectionFields } from './rule-bundle.js';

/** Fragments are posted in batches: one message per file would cost more than small files take to scan. */
const BATCH_BYTES = 1024 * 1024;
const BATCH_FRAGMENTS = 256;
/**
 * A worker's short-lived data (decoded text, matches) is small and dies young: a small young generation is
 * collected sooner, which took ~35 MB off the peak RSS of a history scan. Only the young generation is capped,
 * never the old one: a cap there would make a huge file crash the worker where one thread would scan it.
 */
const YOUNG_GENERATION_MB = 4;

interface Pending {
  resolve: (r: never) => void;
  reject: (e: Error) => void;
  bytes: number;
}

interface Slot {
  worker: Worker;
  /** Bytes posted and not answered: the next batch goes to the least loaded worker. */
  load: number;
  pending: Map<number, Pending>;
}

interface Batch {
  fragments: WireFragment[];
  transfer: ArrayBuffer[];
  bytes: number;
  answer: Promise<WireResult[]>;
  settle: Pending;
}

/**
 * Detection worker threads, each with its own detector built from `specs` (the main detector's rules, in its
 * order). `detect` queues a fragment and answers with plain data (see worker-protocol.ts); `flush` posts the
 * queued batch. A worker that throws or exits ends every pending and later answer with a KeywardError (exit 2).
 */
export class DetectPool {
  /** Set by each worker once its detector is built: shared memory, so it reads without turning the event loop. */
  private readonly started = new Int32Array(new SharedArrayBuffer(4));
  private readonly slots: Slot[];
  private batch: Batch | undefined;
  private nextId = 0;
  private failure: KeywardError | undefined;
  private closing = false;

  /** `dropped`: whether the answers carry the dropped candidates (only --debug shows them). */
  constructor(specs: RuleSpec[], threads: number, opts: { dropped: boolean; failForTest?: boolean }) {
    // (Not built: the ES module's path, for the Worker to report missing.)
    const url = threadFile('./detect-worker.js', import.meta.url) ?? new URL('./detect-worker.js', import.meta.url);
    // The facts the build (or this thread) worked out for each rule: a worker that parsed every regex again took ~0.3 s to get going.
    const facts = builtFacts(specs);
    // Each rule with all its detection fields as its own: a bundle rule reads those past its head through its prototype, which a structured clone leaves behind.
    const sent = specs.map(detectionFields);
    // Required here, not imported: the hook's one-file bundle would load node:worker_threads at every start-up (~2 ms), and a commit check never starts a pool.
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    this.slots = Array.from({ length: threads }, () => {
      const slot: Slot = { worker: new Worker(url, { workerData: { specs: sent, facts, failForTest: opts.failForTest, dropped: opts.dropped, started: this.started }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }), load: 0, pending: new Map() };
      // A new isolate puts V8's young-generation growth factor back (a history scan holds it: heap.ts).
      slot.worker.once('online', restoreHeapCaps);
      slot.worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
      slot.worker.on('error', (e) => this.fail(e.message));
      slot.worker.on('exit', (code) => this.closing || this.fail(`it stopped with exit code ${code}`));
      return slot;
    });
  }

  /** True once a worker can take work: until then the caller scans on its own thread. */
  get ready(): boolean {
    return Atomics.load(this.started, 0) > 0;
  }

  /** True while every worker has at least this many bytes posted and unanswered: the caller may as well scan the next fragment itself. */
  busy(bytes = 2 * BATCH_BYTES): boolean {
    return this.slots.every((s) => s.load >= bytes);
  }

  detect(fragment: Fragment, bytes: number): Promise<WireResult> {
    if (this.failure) return Promise.reject(this.failure);
    const batch = (this.batch ??= newBatch());
    const i = batch.fragments.push(toWireFragment(fragment, batch.transfer)) - 1;
    batch.bytes += bytes;
    const answer = batch.answer.then((rs) => rs[i]!);
    answer.catch(() => undefined); // the caller awaits it in order; a failure must not also count as unhandled
    if (batch.bytes >= BATCH_BYTES || batch.fragments.length >= BATCH_FRAGMENTS) this.flush();
    return answer;
  }

  flush(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    if (this.failure) return batch.settle.reject(this.failure);
    const slot = this.slots.reduce((a, b) => (b.load < a.load ? b : a));
    const id = this.nextId++;
    batch.settle.bytes = batch.bytes;
    slot.pending.set(id, batch.settle);
    slot.load += batch.bytes;
    slot.worker.postMessage({ id, fragments: batch.fragments } satisfies BatchRequest, batch.transfer);
  }

  /** Files sent out and not answered, over all workers. */
  get filesInFlight(): number {
    return this.slots.reduce((n, s) => n + s.pending.size, 0);
  }

  /** Sends working-tree files to the least loaded worker, which reads and detects them (files-shared.ts). */
  readFiles(files: ListedFile[], maxFileSize: number): Promise<FileResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise<FileResult[]>((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as (r: never) => void, reject, bytes: 0 });
      slot.worker.postMessage({ id, files, maxFileSize } satisfies FilesRequest);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    const p = slot.pending.get(m.id);
    if (!p) return;
    slot.pending.delete(m.id);
    slot.load -= p.bytes;
    p.resolve(('files' in m ? m.files : m.results) as never);
  }

  private fail(why: string): void {
    if (this.failure || this.closing) return;
    this.failure = new KeywardError(
      `a detection worker thread failed: ${why}`,
      'nothing was reported as clean; this is a bug in keyward: please report it. KEYWARD_WORKERS=0 scans on a single thread',
    );
    for (const s of this.slots) for (const p of s.pending.values()) p.reject(this.failure);
    this.batch?.settle.reject(this.failure);
    this.batch = undefined;
    this.closing = true;
    for (const s of this.slots) void s.worker.terminate();
  }
}

function newBatch(): Batch {
  let settle!: Pending;
  const answer = new Promise<WireResult[]>((resolve, reject) => (settle = { resolve, reject, bytes: 0 }));
  answer.catch(() => undefined);
  return { fragments: [], transfer: [], bytes: 0, answer, settle };
}
