import { ExitCode, KeywardError } from './errors.js';
import type { Io } from './io.js';

/** After any error in `keyward staged`: the hook fails closed, and the way past it is a conscious one. */
export const HOOK_FAILED =
  'keyward staged could not check the commit, so a pre-commit hook running it blocks the commit (it fails closed).\n' +
  'Fix the problem above; to commit once without the secret check, consciously: git commit --no-verify\n';

/** Runs a command; any error becomes its message on stderr and exit code 2 (after `keyward staged`, with HOOK_FAILED). Never throws. */
export async function guarded(argv: string[], io: Io, run: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await run();
  } catch (e) {
    const exit = handleError(e, io, argv.includes('--debug'));
    if (exit !== ExitCode.Clean && argv.find((a) => !a.startsWith('-')) === 'staged') io.stderr.write(HOOK_FAILED);
    return exit;
  }
}

/** commander's own errors (CommanderError, from the lazily loaded program) carry a `commander.*` code and an exit code. */
function commanderError(e: unknown): { code: string; exitCode: number } | undefined {
  const c = e as { code?: unknown; exitCode?: unknown } | null;
  return c && typeof c.code === 'string' && c.code.startsWith('commander.') && typeof c.exitCode === 'number' ? (c as { code: string; exitCode: number }) : undefined;
}

function handleError(e: unknown, io: Io, debug: boolean): ExitCode {
  const ce = commanderError(e);
  if (ce) {
    // --help and --version end through exitOverride with exit code 0.
    if (ce.code === 'commander.unknownOption') io.stderr.write("hint: a file name that starts with '-' goes after `--`, e.g. keyward staged -- -x\n");
    return ce.exitCode === 0 ? ExitCode.Clean : ExitCode.Error;
  }
  if (e instanceof KeywardError) {
    io.stderr.write(`keyward: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
    if (debug && e.stack) io.stderr.write(`${e.stack}\n`);
    return ExitCode.Error;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.stderr.write(`keyward: internal error: ${err.message}\n`);
  io.stderr.write(debug ? `${err.stack}\n` : 'This is a bug in keyward; run again with --debug for the stack trace. Nothing was reported as clean.\n');
  return ExitCode.Error;
}
