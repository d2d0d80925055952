import { createRequire } from 'node:module';

/**
 * V8 flags for a tree scan's detection loop: V8 optimises later, and makes smaller functions.
 *
 * --interrupt-budget=300000: V8 optimises a function after ~4× the bytecode run it does by default, and so optimises
 * fewer. A tree scan's optimising compiles took ~0.35 s of CPU beside the file reader thread on a 2-core machine;
 * with this, 0.17 s, and the tree corpus's scan 0.89 -> 0.82 s (README, Performance).
 *
 * --max-inlined-bytecode-size=100, --max-inlined-bytecode-size-cumulative=300 (defaults 460 and 920): the scan's hot
 * loops call small helpers, which still inline; the large callees that no longer do made compiles of 25-30 ms each
 * (plan, rest, lineWindows: ~320 ms of compiling in all, on the cores the scan needs). Tree corpus 0.79 -> 0.76 s.
 *
 * The inlining limits were within noise for the history scan, slower as often as faster. None for the pre-commit hook
 * (too little code runs).
 */
export const TREE_SCAN_FLAGS = '--interrupt-budget=300000 --max-inlined-bytecode-size=100 --max-inlined-bytecode-size-cumulative=300';

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
const DEFAULTS: Record<string, string> = {
  '11.3': '--interrupt-budget=67584 --max-inlined-bytecode-size=460 --max-inlined-bytecode-size-cumulative=920',
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
  if (process.env.KEYWARD_V8_FLAGS === '0') return () => undefined;
  // Required, not imported: the hook's bundle would load node:v8 (~3 ms) at every commit.
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString(flags);
  const defaults = DEFAULTS[process.versions.v8.split('.').slice(0, 2).join('.')];
  return () => {
    if (defaults) v8.setFlagsFromString(defaults);
  };
}
