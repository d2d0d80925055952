import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { v8FlagsFor, SCAN_V8_FLAGS, HISTORY_V8_FLAGS } = createRequire(import.meta.url)(path.join(root, 'bin', 'v8-flags.js'));
const flips = path.join(root, 'test', 'helpers', 'flag-flips.cjs');

/** Runs the flag flipper for `seconds` with these flag sets, in a process of its own: its exit code, or the signal that killed it. */
function flip(seconds: number, sets: string[]): number | string | null {
  const r = spawnSync(process.execPath, [flips, String(seconds), ...sets], { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  return r.signal ?? r.status;
}

/** Files under `dir` (recursively) whose source calls setFlagsFromString. */
function flagSetters(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|js|cjs|mjs)$/.test(f) && fs.readFileSync(path.join(dir, f), 'utf8').includes('setFlagsFromString'))
    .map((f) => path.posix.join(path.basename(dir), f.split(path.sep).join('/')));
}

describe("keyward's V8 flags", () => {
  it('are the scan\'s and the history\'s; the pre-commit hook and the other commands run without', () => {
    expect(v8FlagsFor('scan')).toBe(SCAN_V8_FLAGS);
    expect(v8FlagsFor('history')).toBe(HISTORY_V8_FLAGS);
    expect(SCAN_V8_FLAGS).toContain('--max-inlined-bytecode-size=');
    for (const command of ['staged', 'doctor', 'rules', undefined]) expect(v8FlagsFor(command)).toBeUndefined();
  });

  it('are set by the bin alone, at start-up; only the heap caps are set while code runs (src/heap.ts)', () => {
    expect([...flagSetters(path.join(root, 'bin')), ...flagSetters(path.join(root, 'src'))].sort()).toEqual(['bin/keyward.js', 'src/heap.ts']);
  });

  it('the heap caps never crash V8 when flipped while it compiles on two threads', async () => {
    const { HEAP_CAPS } = await import(path.join(root, 'dist', 'heap.js'));
    expect(flip(4, [...HEAP_CAPS, '--semi-space-growth-factor=2 --heap-growing-percent=300'])).toBe(0);
  }, 60_000);

  // Why the inlining limits are set at start-up only: changed while V8 compiles, they crash node (V8 11.3, node 20).
  it.runIf(process.versions.v8.startsWith('11.3.'))('the inlining limits crash V8 when flipped while it compiles (set at run time, they would)', () => {
    expect(flip(20, [SCAN_V8_FLAGS, '--interrupt-budget=67584 --max-inlined-bytecode-size=460 --max-inlined-bytecode-size-cumulative=920'])).toBe('SIGTRAP');
  }, 60_000);
});
