import { ExitCode } from './errors.js';
import type { Io } from './io.js';
import { guarded } from './cli-errors.js';
import { parseStagedArgv } from './commands/staged-argv.js';

export { HOOK_FAILED } from './cli-errors.js';
export { processIo } from './io.js';

/** argv (without node and script) → exit code. Never calls process.exit, never throws. */
export function main(argv: string[], io: Io): Promise<ExitCode> {
  return guarded(argv, io, async () => {
    // The pre-commit hook's usual argv skips commander (and its load time); anything else goes through it.
    const staged = parseStagedArgv(argv);
    if (staged) {
      const { stagedCommand } = await import('./commands/staged.js');
      return stagedCommand(staged.files, staged.opts, io);
    }
    let code: ExitCode = ExitCode.Clean;
    const { createProgram } = await import('./program.js');
    await createProgram(io, (c) => (code = c)).parseAsync(argv, { from: 'user' });
    return code;
  });
}
