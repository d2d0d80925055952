import v8 from 'node:v8';

let capped = false;

/**
 * Keeps V8's young generation at its starting size (1 MB per semi-space) for the rest of the process. The
 * history scan allocates a decoded text per blob with keywords; by default the young generation doubles up
 * to 16 MB per semi-space (32 MB of committed pages) and peak RSS follows. `--max-semi-space-size` would be
 * the natural cap, but V8 reads it only when the heap is set up; the growth factor it reads each time the
 * young generation would grow, so a factor of 1 set at run time holds it where it is. A young-generation
 * setting the user gave node is left alone.
 */
export function capYoungGeneration(): void {
  const set = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => /^--(max|min)-semi-space-size|^--semi-space-growth-factor/.test(a));
  if (set) return;
  capped = true;
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}

/** V8 puts the growth factor back to 2 when it sets up a new isolate: call this once a worker thread is online. */
export function restoreHeapCaps(): void {
  if (capped) v8.setFlagsFromString('--semi-space-growth-factor=1');
}
