import os from 'node:os';

/** How many detection worker threads a scan may start, and after how many bytes read on the main thread. */
export interface WorkerPlan {
  threads: number;
  /** Workers start once the main thread has seen this many bytes: small scans (a pre-commit hook) never pay for them. */
  afterBytes: number;
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

/**
 * One worker per core but one (the main thread scans too: one V8 heap less), none with a single core. KEYWARD_WORKERS=N (hidden; tests and benchmarks) forces N
 * workers from the first byte, and 0 forces a single-threaded scan.
 */
export function workerPlan(env: NodeJS.ProcessEnv): WorkerPlan | undefined {
  const forced = env.KEYWARD_WORKERS;
  const failForTest = env.KEYWARD_TEST_WORKER_FAIL === '1' || undefined;
  if (forced !== undefined && /^\d+$/.test(forced)) return Number(forced) === 0 ? undefined : { threads: Number(forced), afterBytes: 0, forced: true, failForTest };
  const cores = os.availableParallelism();
  return cores < 2 ? undefined : { threads: cores - 1, afterBytes: WORKERS_AFTER_BYTES, failForTest };
}
