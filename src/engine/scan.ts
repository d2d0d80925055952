import type { DetectResult, Detector, Dropped } from '../detect/detector.js';
import type { RawFinding } from '../findings/finding.js';
import { toRawFinding } from '../findings/pipeline.js';
import type { Fragment, Source } from '../sources/fragment.js';
import type { ListedSource } from './files-shared.js';
import type { DetectPool } from './worker-pool.js';
import type { WorkerPlan } from './worker-plan.js';
import type { fromWireResult } from './worker-protocol.js';

export interface ScanHooks {
  onDropped?: (d: Dropped) => void;
  /** Called after each fragment (progress display). */
  onFragment?: (f: Fragment) => void;
  /** Decides whether a finding is collected (history scans keep only a secret's first occurrence). Default: all. */
  keep?: (f: RawFinding, fragment: Fragment) => boolean;
  /** Worker threads that may share the detection of a large input (see worker-plan.ts). Default: none. */
  workers?: WorkerPlan;
}

/** Fragments queued behind one still in a worker: bounded, so that a history scan's memory stays flat. */
const IN_FLIGHT_BYTES = 8 * 1024 * 1024;
const IN_FLIGHT_FRAGMENTS = 4096;
/** The main thread turns its event loop about once per this many bytes queued, to take the workers' answers. */
const TURN_BYTES = 1024 * 1024;

interface InFlight {
  fragment: Fragment;
  bytes: number;
  result?: DetectResult;
  settled: Promise<void>;
}

/**
 * The orchestrator's core loop: every fragment of a source through the detector. With a worker plan, once the
 * input is large the fragments are detected in worker threads (the main thread keeps reading, and scans on its
 * own until a worker is ready); their results are handed on in source order, so findings come out identical.
 */
export async function collectFindings(source: Source, detector: Detector, hooks: ScanHooks = {}): Promise<RawFinding[]> {
  const out: RawFinding[] = [];
  const handle: Handle = (fragment, { candidates, dropped }) => {
    for (const c of candidates) {
      const f = toRawFinding(c, fragment);
      if (!hooks.keep || hooks.keep(f, fragment)) out.push(f);
    }
    if (hooks.onDropped) dropped.forEach(hooks.onDropped);
    hooks.onFragment?.(fragment);
  };
  const plan = hooks.workers;
  if (plan && isListed(source)) {
    // A working tree: the workers read their files themselves (files-shared.ts).
    const { scanFilesShared } = await import('./files-shared.js');
    await scanFilesShared(source, detector, plan, handle, async () => (await startPool(detector, plan, hooks.onDropped !== undefined)).pool);
  } else await detectInOrder(source, detector, hooks, handle);
  return out;
}

type Handle = (fragment: Fragment, result: DetectResult) => void;

/**
 * Every fragment of the source through the detector, handed on in source order: on this thread, or in worker threads
 * once the input is large (`hooks.workers`).
 */
async function detectInOrder(source: Source, detector: Detector, hooks: ScanHooks, handle: Handle): Promise<void> {
  const plan = hooks.workers;
  let pool: DetectPool | undefined;
  let fromWire: typeof fromWireResult | undefined;
  let seen = 0;
  const queue: InFlight[] = [];
  let queuedBytes = 0;
  let lastTurn = 0;
  // Hands on the finished results at the head of the queue; waits for the head while the queue is too long, or when `all`.
  const drain = async (all: boolean) => {
    while (queue.length) {
      const head = queue[0]!;
      if (!head.result) {
        if (!all && queuedBytes <= IN_FLIGHT_BYTES && queue.length <= IN_FLIGHT_FRAGMENTS) {
          // Reading files is synchronous: let the workers' answers in now and then, or they would wait for a full queue.
          if (seen - lastTurn < TURN_BYTES) return;
          lastTurn = seen;
          await new Promise(setImmediate);
          if (!head.result) return;
          continue;
        }
        pool!.flush();
        await head.settled;
      }
      queue.shift();
      queuedBytes -= head.bytes;
      handle(head.fragment, head.result!);
    }
  };
  try {
    for await (const fragment of source.fragments()) {
      const bytes = fragment.bytes ? fragment.bytes.length : fragment.text.length;
      if (plan && !pool && seen >= plan.afterBytes) ({ pool, fromWire } = await startPool(detector, plan, hooks.onDropped !== undefined));
      seen += bytes;
      // The main thread scans too: while the workers start, and while each has enough work queued; binary
      // fragments (whole-file rules, rare and cheap) always stay here.
      if (pool && !fragment.binary && (plan!.forced || (pool.ready && !pool.busy()))) {
        const entry: InFlight = { fragment, bytes, settled: Promise.resolve() };
        entry.settled = pool.detect(fragment, bytes).then((w) => void (entry.result = fromWire!(w, detector.rules, fragment)));
        entry.settled.catch(() => undefined);
        queue.push(entry);
      } else {
        const result = detector.detect(fragment);
        if (!queue.length) {
          handle(fragment, result);
          continue;
        }
        queue.push({ fragment, bytes, result, settled: Promise.resolve() });
      }
      queuedBytes += bytes;
      await drain(false);
    }
    pool?.flush();
    await drain(true);
  } finally {
    await pool?.close();
  }
}

function isListed(source: Source): source is Source & ListedSource {
  return 'listed' in source && 'count' in source;
}

/** Loaded only for a large input: a pre-commit hook never loads the worker modules. */
async function startPool(detector: Detector, plan: WorkerPlan, dropped: boolean): Promise<{ pool: DetectPool; fromWire: typeof fromWireResult }> {
  const [{ DetectPool }, { fromWireResult }] = await Promise.all([import('./worker-pool.js'), import('./worker-protocol.js')]);
  return { pool: new DetectPool(detector.rules.map((r) => r.spec), plan.threads, { dropped, failForTest: plan.failForTest }), fromWire: fromWireResult };
}
