import type { ExitCode } from './errors.js';
import type { Io } from './io.js';
import { guarded } from './cli-errors.js';
import { parseStagedArgv } from './commands/staged-argv.js';
import { stagedCommand } from './commands/staged.js';

export { processIo } from './io.js';

/**
 * The entry bin/keyward.js loads for `keyward staged`, the pre-commit hook. The build bundles it with all it
 * imports into one module (dist/bundle/hook.js): node then resolves and reads one file instead of about twenty,
 * which is most of what the hook's start-up can still save. Same contract as `main` in cli.ts; any argv the
 * staged fast path does not take goes to the full CLI next to this file (a computed specifier, so the bundler
 * leaves commander and the other commands out).
 */
export async function main(argv: string[], io: Io): Promise<ExitCode> {
  const staged = parseStagedArgv(argv);
  if (!staged) {
    const cli = (await import(new URL('./cli.js', import.meta.url).href)) as typeof import('./cli.js');
    return cli.main(argv, io);
  }
  return guarded(argv, io, () => stagedCommand(staged.files, staged.opts, io));
}
