// The commander program: loaded only when argv needs it (`keyward staged` as the hook runs it takes the fast path in cli.ts).
import { Command, Option } from 'commander';
import type { ExitCode } from './errors.js';
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
      .command('history')
      .description('scan every commit of the repository: each secret ever committed, once, at the commit that introduced it')
      .argument('[path]', 'the repository (default: the current folder)')
      .option('--range <A..B>', "only the commits of a revision range (a pull request's or a push's commits)")
      .option('--since <date>', 'only commits more recent than a date (e.g. 2024-01-01, "2 weeks ago")')
      .option('--max-commits <n>', 'only the N most recent commits')
      .option('--branch <ref>', 'only this branch (or tag, or commit) and its ancestors (default: all refs)')
      .option('--max-file-size <size>', 'skip blobs larger than this (default 10m)')
      .addHelpText('after', EXIT_HELP),
  ).action(run(async () => {
    const { historyCommand } = await import('./commands/history.js');
    return (target, opts) => historyCommand(target as string | undefined, opts as never, io);
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

  addReportOptions(
    program
      .command('staged')
      .description('scan what `git commit` will record: the staged version of each file, only the lines it adds (the pre-commit hook)')
      .argument('[files...]', 'also scan these files in full from the index when they have no staged change (pre-commit --all-files); never narrows the scan', [])
      .option('--max-file-size <size>', 'skip staged files larger than this (default 10m)')
      .addHelpText('after', EXIT_HELP),
  ).action(run(async () => {
    const { stagedCommand } = await import('./commands/staged.js');
    return (files, opts) => stagedCommand(files as string[], opts as never, io);
  }));

  program
    .command('install')
    .description('install the pre-commit hook (husky when the repository uses it, else git\'s hooks folder)')
    .addHelpText('after', EXIT_HELP)
    .action(run(async () => {
      const { installCommand } = await import('./commands/install.js');
      return () => installCommand(io);
    }));

  program
    .command('ignore')
    .description('ignore a finding by its fingerprint (rule id + secret hash) in .keywardignore.yaml, or list unused entries')
    .argument('[fingerprint]', 'the "fingerprint" of a finding, as printed by keyward scan')
    .option('--reason <text>', 'why this is not a live secret (required)')
    .option('--expires <date>', 'YYYY-MM-DD: from this day on the finding is reported again')
    .option('--unused', 'list entries that match no finding in a working-tree scan of the repository')
    .option('-c, --config <file>', 'config file for the --unused scan')
    .option('--debug', 'show stacks on errors')
    .addHelpText('after', EXIT_HELP)
    .action(run(async () => {
      const { ignoreCommand } = await import('./commands/ignore.js');
      return (fp, opts) => ignoreCommand(fp as string | undefined, opts as never, io);
    }));

  program
    .command('baseline')
    .description('record the current findings in .keyward-baseline.json, so --baseline reports only new ones')
    .argument('[path]', 'folder to scan (default: the current folder); the file is written there')
    .option('-o, --output <file>', 'where to write the baseline (default: <path>/.keyward-baseline.json)')
    .option('--no-ignore', 'also scan files that .gitignore excludes')
    .option('--max-file-size <size>', 'skip files larger than this (default 10m)')
    .option('-c, --config <file>', 'config file (default: .keyward.yaml found from the scan root up to the repo root)')
    .option('-q, --quiet', 'print nothing on success')
    .option('--debug', 'explain dropped candidates and skipped files; show stacks on errors')
    .addHelpText('after', EXIT_HELP)
    .action(run(async () => {
      const { baselineCommand } = await import('./commands/baseline.js');
      return (target, opts) => baselineCommand(target as string | undefined, opts as never, io);
    }));

  program
    .command('doctor')
    .description('check that the pre-commit hook is installed and blocks a canary key, and report Node, git and config problems')
    .option('-f, --format <format>', 'pretty or json', 'pretty')
    .addHelpText('after', EXIT_HELP)
    .action(run(async () => {
      const { doctorCommand } = await import('./commands/doctor.js');
      return (opts) => doctorCommand(opts as { format?: string }, io);
    }));

  program
    .command('remediate')
    .description('print a step-by-step clean-up plan for leaked secrets: revoke by provider, purge history (git filter-repo / BFG), verify, force-push')
    .argument('[path]', 'a folder inside the repository (default: the current folder)')
    .option('--from <file>', 'plan from a JSON report (keyward history --format json) instead of scanning history')
    .option('-c, --config <file>', 'config file (default: .keyward.yaml at the repository root)')
    .option('--debug', 'show stacks on errors')
    .addHelpText('after', EXIT_HELP)
    .action(run(async () => {
      const { remediateCommand } = await import('./commands/remediate.js');
      return (target, opts) => remediateCommand(target as string | undefined, opts as never, io);
    }));

  program
    .command('rules')
    .description('list the built-in rule catalogue (id, provider, severity, kind); --test runs every rule\'s examples')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--test', 'run every rule\'s match and clean examples; exit 1 if any fails')
    .option('--rules-dir <dir>', 'list or test the rule files in this folder instead of the built-in ones')
    .addHelpText('after', EXIT_HELP)
    .action(run(async () => {
      const { rulesCommand } = await import('./commands/rules.js');
      return (opts) => rulesCommand(opts as never, io);
    }));

  return program;
}
