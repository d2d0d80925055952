import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import type { Io } from '../src/io.js';
import { tmpDir, writeFiles } from './helpers/tmp.js';

function io(cwd: string, tty: boolean, env: Record<string, string> = {}) {
  const err: string[] = [];
  const value: Io = { cwd, env, stdout: { write: () => true }, stderr: { isTTY: tty, write: (s: string) => err.push(s) } };
  return { value, stderr: () => err.join('') };
}

describe('progress on stderr', () => {
  const dir = tmpDir();
  writeFiles(dir, Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`f${i}.txt`, 'x\n'.repeat(2000)])));

  it('is shown when stderr is a terminal', async () => {
    const t = io(dir, true);
    await main(['scan', dir], t.value);
    expect(t.stderr()).toContain('scanning files:');
  });

  it('is silent when stderr is not a terminal, in CI, or with --quiet', async () => {
    for (const [tty, env, args] of [[false, {}, []], [true, { CI: 'true' }, []], [true, {}, ['--quiet']]] as const) {
      const t = io(dir, tty, env);
      await main(['scan', dir, ...args], t.value);
      expect(t.stderr()).toBe('');
    }
  });
});
