import { Command, CommanderError } from 'commander';
import { ExitCode, KeywardError } from './errors.js';
import type { Io } from './io.js';
import { toolVersion } from './version.js';
import { addReportOptions } from './commands/report-options.js';

const EXIT_HELP = `
Exit codes:
  0  clean: nothing found
  1  findings: at least one secret (or hygiene problem) was reported
  2  could not scan: bad arguments, missing path, invalid rules or config, git error, internal error
`;

type Action = (...args: unknown[]) => Promise<ExitCode>;

/** A fresh program per run (no global state between runs or tests). `setExit` receives each command's exit code. */
export function createProgram(io: Io, setExit: (code: ExitCode) => void): Command {
  const program = new Command('keyward')
    .description('Find leaked API keys in working trees, staged changes and git history, and say how to clean up.')
    .version(toolVersion(), '-v, --version')
    .addHelpText('after', EXIT_HELP)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  // Each command's module is imported only when it runs: start-up stays cheap for the pre-commit hook.
  const run = (load: () => Promise<Action>) => async (...args: unknown[]) => setExit(await (await load())(...args));

  addReportOptions(
    program
      .command('scan')
      .description('scan files and folders of the working tree (default: the current folder)')
      .argument('[paths...]', 'files or folders to scan', [])
      .option('--no-ignore', 'also scan files that .gitignore excludes')
      .option('--max-file-size <size>', 'skip files larger than this (default 10m)')
      .option('--no-hygiene', 'skip the repository hygiene checks (run by default inside a git repository)')
      .addHelpText('after', EXIT_HELP),
  ).action(run(async () => {
    const { scanCommand } = await import('./commands/scan.js');
    return (paths, opts) => scanCommand(paths as string[], opts as never, io);
  }));

  addReportOptions(
    program
      .command('hygiene')
      .description('check the repository: secret files not ignored or tracked, committed secret files, keys in templates, build files and client code, TLS off, http:// APIs')
      .argument('[path]', 'a folder inside a git repository (default: the current folder)')
      .option('--fix', 'append the missing patterns to .gitignore and print the `git rm --cached` commands for tracked files (nothing else is changed)')
      .addHelpText('after', EXIT_HELP),
  ).action(run(async () => {
    const { hygieneCommand } = await import('./commands/hygiene.js');
    return (target, opts) => hygieneCommand(target as string | undefined, opts as never, io);
  }));

  return program;
}

/** argv (without node and script) → exit code. Never calls process.exit, never throws. */
export async function main(argv: string[], io: Io): Promise<ExitCode> {
  let code: ExitCode = ExitCode.Clean;
  const debug = argv.includes('--debug');
  try {
    const program = createProgram(io, (c) => (code = c));
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    return handleError(e, io, debug);
  }
}

function handleError(e: unknown, io: Io, debug: boolean): ExitCode {
  if (e instanceof CommanderError) {
    // --help and --version end through exitOverride with exit code 0.
    return e.exitCode === 0 ? ExitCode.Clean : ExitCode.Error;
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
