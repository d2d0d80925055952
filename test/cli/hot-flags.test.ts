import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Each case runs in a fresh node process: V8's flags are process-wide.
const flags = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'hot-flags.js');

/** A script of its own for each step of `cacheAccepted`. */
const source = (i: number) => `function f(a) { return a + ${i}; } f(1);`;

/**
 * Whether V8 accepts a code cache taken under its default flags, checked at each step of `steps` (a child process
 * reports 'accepted' or 'rejected' per step): node's caches of its built-in modules are checked the same way. The
 * caches are taken in another process: V8 would find a script it compiled itself in its in-memory cache.
 */
function cacheAccepted(steps: string[], env: NodeJS.ProcessEnv = {}): string[] {
  const take = `import vm from 'node:vm'; const s = ${source.toString()};
    console.log(JSON.stringify(${JSON.stringify(steps)}.map((_, i) => new vm.Script(s(i)).createCachedData().toString('base64'))));`;
  const caches = execFileSync(process.execPath, ['--input-type=module', '-e', take], { encoding: 'utf8' }).trim();
  const script = `
    import vm from 'node:vm';
    const { setLoopFlags, TREE_SCAN_FLAGS } = await import(${JSON.stringify(flags)});
    const s = ${source.toString()};
    const caches = ${caches}.map((c) => Buffer.from(c, 'base64'));
    let n = 0;
    const check = () => (new vm.Script(s(n), { cachedData: caches[n++] }).cachedDataRejected ? 'rejected' : 'accepted');
    const out = [];
    let unset;
    ${steps.map((step) => `${step}; out.push(check());`).join('\n')}
    console.log(out.join(' '));
  `;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ...env } }).trim().split(' ');
}

describe("a tree scan's V8 flags for its detection loop", () => {
  it("are set for the loop (code caches taken before are then rejected), and V8's defaults come back after it", () => {
    expect(cacheAccepted(['', 'unset = setLoopFlags(TREE_SCAN_FLAGS)', 'unset()'])).toEqual(['accepted', 'rejected', 'accepted']);
  });

  it('are not set with KEYWARD_V8_FLAGS=0 (the build takes the code cache so)', () => {
    expect(cacheAccepted(['unset = setLoopFlags(TREE_SCAN_FLAGS)', 'unset()'], { KEYWARD_V8_FLAGS: '0' })).toEqual(['accepted', 'accepted']);
  });
});

describe('the V8 flags keyward changes while code runs', () => {
  const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
  const flips = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'helpers', 'flag-flips.cjs');
  /** Runs the flag flipper for `seconds` with these flag sets: its exit code, or the signal that killed it. */
  const flip = (seconds: number, sets: string[]) => {
    const r = spawnSync(process.execPath, [flips, String(seconds), ...sets], { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
    return r.signal ?? r.status;
  };

  it('are only flags that V8 can take while it compiles (the inlining limits are refused)', async () => {
    const { TREE_SCAN_FLAGS, HISTORY_SCAN_FLAGS, FLAG_DEFAULTS, unsafeAtRunTime, setLoopFlags } = await import(path.join(dist, 'hot-flags.js'));
    const { HEAP_CAPS } = await import(path.join(dist, 'heap.js'));
    for (const flags of [TREE_SCAN_FLAGS, HISTORY_SCAN_FLAGS, ...Object.values(FLAG_DEFAULTS), ...HEAP_CAPS]) expect(unsafeAtRunTime(flags)).toEqual([]);
    expect(unsafeAtRunTime('--interrupt-budget=1000 --max-inlined-bytecode-size=100')).toEqual(['--max-inlined-bytecode-size=100']);
    expect(() => setLoopFlags('--max-inlined-bytecode-size-cumulative=300')).toThrow(/unsafe to change while code runs: --max-inlined-bytecode-size-cumulative=300/);
  });

  it('never crash V8 when flipped while it compiles on two threads', async () => {
    const { TREE_SCAN_FLAGS, HISTORY_SCAN_FLAGS, FLAG_DEFAULTS } = await import(path.join(dist, 'hot-flags.js'));
    const { HEAP_CAPS } = await import(path.join(dist, 'heap.js'));
    const defaults = Object.values(FLAG_DEFAULTS) as string[];
    expect(flip(4, [TREE_SCAN_FLAGS, ...defaults, HISTORY_SCAN_FLAGS, ...HEAP_CAPS, '--semi-space-growth-factor=2 --heap-growing-percent=300'])).toBe(0);
  }, 60_000);

  // The control: the same flipping finds the crash that the inlining limits caused (V8 11.3, node 20).
  it.runIf(process.versions.v8.startsWith('11.3.'))('crash V8 when they are inlining limits (the flipper finds the crash it guards against)', () => {
    expect(flip(20, ['--max-inlined-bytecode-size=100 --max-inlined-bytecode-size-cumulative=300', '--max-inlined-bytecode-size=460 --max-inlined-bytecode-size-cumulative=920'])).toBe('SIGTRAP');
  }, 60_000);
});
