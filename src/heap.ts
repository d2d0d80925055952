import v8 from 'node:v8';

/** Semi-space cap for the history scan, in MB (Node 20's default grows to 16 MB per semi-space on 64-bit). */
const HISTORY_SEMI_SPACE_MB = 2;

/**
 * Caps V8's young generation for the rest of the process. The history scan allocates a decoded text per blob
 * with keywords; with the default cap the young generation grows to ~48 MB of committed pages, and peak RSS
 * follows (README, Performance: the large corpus went from ~190 to 210-250 MB once the keyword pass got
 * faster). At 2 MB it peaks at 189-230 MB for ~2% more time. V8 reads this flag when the young generation
 * grows, so setting it at run time takes effect. A cap the user set with node's own flag is left alone.
 */
export function capYoungGeneration(): void {
  const set = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith('--max-semi-space-size'));
  if (!set) v8.setFlagsFromString(`--max-semi-space-size=${HISTORY_SEMI_SPACE_MB}`);
}
