/**
 * Milliseconds since an arbitrary moment, for a command's duration in its report. Not `performance.now()`: the
 * first use of the global `performance` loads node's perf_hooks modules, ~2 ms of the pre-commit hook.
 */
export function now(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}
