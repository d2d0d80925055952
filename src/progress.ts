import type { Io } from './io.js';

export interface Progress {
  /** Counts one more unit of work; `detail` is shown beside the count. */
  tick(detail?: string): void;
  /** Clears the progress line. */
  done(): void;
}

const SILENT: Progress = { tick() {}, done() {} };
const INTERVAL_MS = 100;

/**
 * A one-line counter on stderr for long scans. Only when stderr is a terminal, not in CI, not with
 * --quiet: logs and CI output never get carriage-return noise.
 */
export function createProgress(io: Io, opts: { quiet?: boolean; label: string; total?: number }): Progress {
  if (opts.quiet || io.stderr.isTTY !== true || (io.env.CI && io.env.CI !== 'false')) return SILENT;
  let count = 0;
  let last = 0;
  let shown = false;
  return {
    tick(detail) {
      count++;
      const now = Date.now();
      if (now - last < INTERVAL_MS) return;
      last = now;
      shown = true;
      const of = opts.total ? `/${opts.total}` : '';
      const text = `${opts.label} ${count}${of}${detail ? ` ${detail}` : ''}`;
      io.stderr.write(`\r\x1b[2K${text.slice(0, 100)}`);
    },
    done() {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}
