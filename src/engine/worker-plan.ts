import os from 'node:os';

/** How many detection worker threads a scan may start, and after how many bytes read on the main thread. */
export interface WorkerPlan {
  threads: number;
  /** Workers start once the main thread has seen this many bytes: small scans (a pre-commit hook) never pay for them. */
  afterBytes: number;
  /** A working-tree listing at least this long is a large input: the workers start before the first read. */
  afterFiles?: number;
  /** Every fragment goes to the workers, none is scanned on the main thread while they start (tests). */
  forced?: boolean;
  /** Test hook: the workers throw on their first batch (KEYWARD_TEST_WORKER_FAIL=1). */
  failForTest?: boolean;
}

/**
 * Starting a worker costs about 60 ms of CPU (a thread, the detector's modules, the rules compiled again), while
 * the main thread scans some 50-150 MB/s (README, Performance): past 8 MB the input is big enough to share.
 */
export const WORKERS_AFTER_BYTES = 8 * 1024 * 1024;
/** Files listed from which a working-tree scan starts its workers at once (the tree corpus lists 8,600). */
export const WORKERS_AFTER_FILES = 2000;

/**
 * Off unless asked for: on the 2-core machine we measure on, with other work running, a second thread never gave
 * the single-threaded scan's wall time back (README, Performance). KEYWARD_WORKERS=N (hidden; tests and
 * benchmarks) forces N workers from the first byte; KEYWARD_WORKERS=auto shares a large input (past 8 MB, or
 * a listing of 2,000 files) with one worker per core but one (none on a single core); unset or 0 scans on a
 * single thread.
 */
export function workerPlan(env: NodeJS.ProcessEnv): WorkerPlan | undefined {
  const asked = env.KEYWARD_WORKERS;
  const failForTest = env.KEYWARD_TEST_WORKER_FAIL === '1' || undefined;
  if (asked !== undefined && /^\d+$/.test(asked)) return Number(asked) === 0 ? undefined : { threads: Number(asked), afterBytes: 0, forced: true, failForTest };
  if (asked !== 'auto') return undefined;
  const cores = os.availableParallelism();
  return cores < 2 ? undefined : { threads: cores - 1, afterBytes: WORKERS_AFTER_BYTES, afterFiles: WORKERS_AFTER_FILES, failForTest };
}
