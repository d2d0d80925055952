import { createRequire } from 'node:module';

/**
 * The flags `capHeapGrowth` sets, each also read by V8 while the process runs (not only at start-up). They are the only
 * V8 flags keyward sets while code runs: V8 takes them while it compiles (test/cli/v8-flags.test.ts), unlike its
 * inlining limits (bin/v8-flags.js).
 */
export const HEAP_CAPS = [
  // Young generation: V8 doubles it up to 16 MB per semi-space (32 MB of pages) when much survives a scavenge.
  '--semi-space-growth-factor=1',
  // Old generation: after a full collection V8 lets the heap grow to up to 4× what survived before the next one;
  // the history scan's garbage is decoded texts, up to ~70 MB of them between collections. 2× instead.
  '--heap-growing-percent=100',
];
let capped = false;

/**
 * Holds V8's heap near what is live, for the history scan (issue: peak RSS ≤ 200 MB, flat with the number of
 * commits). The scan decodes a text for each blob with keywords; that garbage, not live data (~10-25 MB),
 * is what the peak is made of. Large history corpus, interleaved runs: peak RSS 234-262 MB with V8's
 * defaults, 172-225 MB with the young generation held, 164-168 MB with both caps, for about 4% more time.
 * `--max-semi-space-size` would be the natural young-generation cap, but V8 reads it only when the heap is set
 * up; these two it reads at each collection, so setting them at run time works. Heap settings the user gave
 * node are left alone.
 */
export function capHeapGrowth(): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((a) => /^--(max|min)-semi-space-size|^--semi-space-growth-factor|^--heap-growing-percent/.test(a))) return;
  capped = true;
  restoreHeapCaps();
}

/** V8 puts the young generation's growth factor back to 2 when it sets up an isolate: call this once a worker thread is online. */
export function restoreHeapCaps(): void {
  if (!capped) return;
  // Required here, not imported: the detection pool imports this module, and the hook's bundle would load node:v8 at every start-up.
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  for (const flag of HEAP_CAPS) v8.setFlagsFromString(flag);
}
