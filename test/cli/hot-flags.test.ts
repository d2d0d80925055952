import { execFileSync } from 'node:child_process';
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
