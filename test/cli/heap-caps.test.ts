import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Each case runs in a fresh node process: V8's heap settings are process-wide.
const heap = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'heap.js');

/** The young generation's size (bytes) after allocating enough survivors to make V8 grow it, as a child process reports it. */
function youngGeneration(setup: string, nodeArgs: string[] = []): number {
  const script = `
    import v8 from 'node:v8';
    import { Worker } from 'node:worker_threads';
    const { capHeapGrowth, restoreHeapCaps } = await import(${JSON.stringify(heap)});
    ${setup}
    const keep = [];
    for (let i = 0; i < 3e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 4e5) keep.length = 0; }
    console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
  `;
  return Number(execFileSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
}

const MB = 1024 * 1024;

describe('history heap caps', () => {
  it('hold the young generation at its starting size, where V8 would grow it to 32 MB', () => {
    expect(youngGeneration('')).toBeGreaterThanOrEqual(16 * MB);
    expect(youngGeneration('capHeapGrowth();')).toBeLessThanOrEqual(4 * MB);
  });

  it('are put back once a worker thread is online (V8 resets them when it sets up an isolate)', () => {
    const startWorker = `const w = new Worker('setTimeout(() => {}, 50)', { eval: true }); await new Promise((r) => w.once('online', r));`;
    expect(youngGeneration(`capHeapGrowth(); ${startWorker}`)).toBeGreaterThanOrEqual(16 * MB);
    expect(youngGeneration(`capHeapGrowth(); ${startWorker} restoreHeapCaps();`)).toBeLessThanOrEqual(4 * MB);
  });

  it('leave a young-generation setting the user gave node alone', () => {
    expect(youngGeneration('capHeapGrowth();', ['--semi-space-growth-factor=2'])).toBeGreaterThanOrEqual(16 * MB);
  });
});
