import { createRequire } from 'node:module';

/**
 * V8 flags for a tree scan's detection loop: V8 optimises later.
 *
 * --interrupt-budget=300000: V8 optimises a function after ~4× the bytecode run it does by default, and so optimises
 * fewer. A tree scan's optimising compiles took ~0.35 s of CPU beside the file reader thread on a 2-core machine;
 * with this, 0.17 s, and the tree corpus's scan 0.89 -> 0.82 s (README, Performance).
 *
 * Only flags in RUN_TIME_SAFE: these are set while code runs, on this thread and others (the reader thread), with
 * optimising compiles in flight on V8's helper threads. The inlining limits (--max-inlined-bytecode-size and its
 * cumulative twin, set here from dd48929 to this fix) crashed node so: a compile that weighed a callee under one limit
 * and inlined it under the other failed V8's check `inlineability == kHasOptimizationDisabled` (SIGTRAP, exit 133),
 * in 2 of 30 scans of the tree corpus, and within 0.25-2.7 s in a stress script that flips them (test/cli/hot-flags.test.ts).
 */
export const TREE_SCAN_FLAGS = '--interrupt-budget=300000';

/**
 * The V8 flags keyward may change while code runs: each is read where it is used, on the thread that uses it, and no
 * check compares two readings of it. (The heap caps of src/heap.ts too.) Any other flag, and an inlining limit above
 * all, stays at what node started with.
 */
export const RUN_TIME_SAFE = ['--interrupt-budget', '--semi-space-growth-factor', '--heap-growing-percent'];

/** The flags in `flags` that are not RUN_TIME_SAFE (setLoopFlags refuses them). */
export function unsafeAtRunTime(flags: string): string[] {
  return flags.split(/\s+/).filter((f) => f !== '' && !RUN_TIME_SAFE.includes(f.split('=')[0]!));
}

/**
 * The history scan's, set from its start as before (src/cli.ts), beside its heap caps: the later optimising alone.
 * Its wall time was the same with or without it (git's and the reader thread's work bound it). Without it, four
 * interleaved runs took more CPU (6.08 against 5.68 s), but that is within this machine's noise.
 */
export const HISTORY_SCAN_FLAGS = '--interrupt-budget=300000';

/**
 * The same flags at V8's defaults, for the V8 versions whose defaults are known (`node --v8-options`): node 20's.
 * Elsewhere the flags stay set once the loop ends (as they did when the bin set them at start-up).
 */
export const FLAG_DEFAULTS: Record<string, string> = {
  '11.3': '--interrupt-budget=67584',
};

/**
 * Sets `flags` for a detection loop that starts now and returns what puts V8's defaults back when it ends.
 *
 * Not at start-up: V8 checks every code cache against the flags, node's own for its built-in modules included. Set
 * before them, node compiled each built-in module loaded afterwards from source, ~4× slower (the CLI's: 6 -> 22 ms),
 * and a reader thread ran its first line 50-100 ms later; the flags matter only once the loop's code runs hot. Defaults back at
 * the end, the modules the report loads (node:crypto for fingerprints) come from the cache again.
 * `KEYWARD_V8_FLAGS=0` (hidden; benchmarks, and the build while it takes the CLI's code cache) sets nothing.
 */
export function setLoopFlags(flags: string): () => void {
  const unsafe = unsafeAtRunTime(flags);
  if (unsafe.length > 0) throw new Error(`V8 flags that are unsafe to change while code runs: ${unsafe.join(' ')} (src/hot-flags.ts, RUN_TIME_SAFE)`);
  if (process.env.KEYWARD_V8_FLAGS === '0') return () => undefined;
  // Required, not imported: the hook's bundle would load node:v8 (~3 ms) at every commit.
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString(flags);
  const defaults = FLAG_DEFAULTS[process.versions.v8.split('.').slice(0, 2).join('.')];
  return () => {
    if (defaults) v8.setFlagsFromString(defaults);
  };
}
