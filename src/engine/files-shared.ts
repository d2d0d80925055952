import type { DetectResult, Detector } from '../detect/detector.js';
import type { Fragment } from '../sources/fragment.js';
import { readListedFile, type CountedOutcome, type ListedFile, type ReadOptions } from '../sources/listed-file.js';
import type { DetectPool } from './worker-pool.js';
import type { WorkerPlan } from './worker-plan.js';
import { fromWireResult } from './worker-protocol.js';

/** A source of files the walk lists up front (the working tree), which a worker thread can read by path. */
export interface ListedSource {
  listed(): Promise<ListedFile[]>;
  /** Counts one file's outcome in the source's stats (and reports a skip), in report order. */
  count(file: ListedFile, outcome: CountedOutcome): void;
  /** How this thread reads the listed files (a worker is sent the size limit only). */
  readOptions(files: readonly ListedFile[]): ReadOptions;
}

/** Files per range handed out: ~1 MB of a typical tree, so one message costs little next to its scan. */
const RANGE_FILES = 64;
/** Ranges each worker holds unanswered: one to scan, one queued, so it never waits for the main thread. */
const RANGES_PER_WORKER = 2;

/** The main thread lets the workers' answers in about once per this many bytes it scans. */
const TURN_BYTES = 512 * 1024;

/** One file, read and detected: plain data, whichever thread did it. */
interface Done {
  file: ListedFile;
  outcome: CountedOutcome;
  result?: DetectResult;
}

/**
 * The working-tree scan over threads. The main thread reads and scans the first files itself; once it has
 * seen `plan.afterBytes`, the rest is cut into contiguous ranges of paths: the workers read and scan theirs
 * (no bytes cross threads, only paths and results), the main thread scans the others, and every range is
 * handed on in path order, so findings, skips and stats come out as a single-threaded scan's.
 */
export async function scanFilesShared(
  source: ListedSource,
  detector: Detector,
  plan: WorkerPlan,
  handle: (fragment: Fragment, result: DetectResult) => void,
  startPool: () => Promise<DetectPool>,
): Promise<void> {
  const files = await source.listed();
  const opts = source.readOptions(files);
  const readHere = (file: ListedFile): Done => {
    const outcome = readListedFile(file, opts);
    if (!('fragment' in outcome)) return { file, outcome };
    return { file, outcome: { bytes: outcome.bytes }, result: detector.detect(outcome.fragment) };
  };
  const emit = (d: Done) => {
    source.count(d.file, d.outcome);
    // toRawFinding reads only the path of a working-tree fragment; the bytes are gone by now.
    if (d.result) handle({ path: d.file.rel, text: '' }, d.result);
  };
  let i = 0;
  // A long listing is a large input: the workers start at once, and this thread scans on while they start.
  const afterBytes = plan.afterFiles !== undefined && files.length >= plan.afterFiles ? 0 : plan.afterBytes;
  for (let seen = 0; i < files.length && seen < afterBytes; i++) {
    const d = readHere(files[i]!);
    if ('bytes' in d.outcome) seen += d.outcome.bytes;
    emit(d);
  }
  if (i === files.length) return;
  const ranges: ListedFile[][] = [];
  for (; i < files.length; i += RANGE_FILES) ranges.push(files.slice(i, i + RANGE_FILES));
  const pool = await startPool();
  try {
    const done: (Done[] | undefined)[] = [];
    const answers: Promise<void>[] = [];
    let next = 0;
    let head = 0;
    // Keeps every worker with RANGES_PER_WORKER ranges unanswered, taking them in path order.
    const handOut = () => {
      while (next < ranges.length && (plan.forced || pool.ready) && pool.filesInFlight < RANGES_PER_WORKER * plan.threads) {
        const k = next++;
        const range = ranges[k]!;
        answers[k] = pool.readFiles(range, opts.maxFileSize).then((rs) => {
          done[k] = rs.map((r, j) => {
            const file = range[j]!;
            return { file, outcome: r.outcome, result: r.result && fromWireResult(r.result, detector.rules, { path: file.rel, text: '' }) };
          });
        });
        answers[k]!.catch(() => undefined); // awaited in order below
      }
    };
    while (head < ranges.length) {
      handOut();
      for (; head < next && done[head]; head++) {
        done[head]!.forEach(emit);
        done[head] = undefined;
      }
      if (head === ranges.length) break;
      if (next < ranges.length && !plan.forced) {
        // The next range is this thread's. Reading is synchronous: turn the event loop now and then, so that a
        // worker that answered gets its next range at once, not after this one (a range may hold a large file).
        const k = next++;
        const mine: Done[] = [];
        let sinceTurn = 0;
        for (const file of ranges[k]!) {
          const d = readHere(file);
          mine.push(d);
          if ('bytes' in d.outcome && (sinceTurn += d.outcome.bytes) >= TURN_BYTES) {
            sinceTurn = 0;
            await new Promise(setImmediate);
            handOut();
          }
        }
        done[k] = mine;
        continue;
      }
      await answers[head];
    }
    } finally {
    await pool.close();
  }
}
