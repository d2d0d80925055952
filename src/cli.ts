import { ExitCode } from './errors.js';
import type { Io } from './io.js';
import { guarded } from './cli-errors.js';

export { processIo } from './io.js';

/**
 * argv (without node and script) → exit code. Never calls process.exit, never throws. `keyward staged`, the
 * pre-commit hook, has its own entry with a fast path (hook.ts); an argv it does not take comes here.
 */
export function main(argv: string[], io: Io): Promise<ExitCode> {
  return guarded(argv, io, async () => {
    let code: ExitCode = ExitCode.Clean;
    if (argv.find((a) => !a.startsWith('-')) === 'history') {
      // Before anything is loaded: the young generation grows while the program and the rules load.
      (await import('./heap.js')).capHeapGrowth();
      // History's flags from the start too, as before: the heap caps are V8 flags as well, so node compiles its
      // modules from source after them either way (see hot-flags.ts), and it parses the whole log before its first blob.
      const { setLoopFlags, HISTORY_SCAN_FLAGS } = await import('./hot-flags.js');
      setLoopFlags(HISTORY_SCAN_FLAGS);
    }
    const { createProgram } = await import('./program.js');
    await createProgram(io, (c) => (code = c)).parseAsync(argv, { from: 'user' });
    return code;
  });
}
