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
    // Before anything is loaded: the young generation grows while the program and the rules load. (The history
    // scan's optimising budget is set by the bin, bin/v8-flags.js.)
    if (argv.find((a) => !a.startsWith('-')) === 'history') (await import('./heap.js')).capHeapGrowth();
    const { createProgram } = await import('./program.js');
    await createProgram(io, (c) => (code = c)).parseAsync(argv, { from: 'user' });
    return code;
  });
}
