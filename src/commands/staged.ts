import fs from 'node:fs';
import path from 'node:path';
import { now } from '../clock.js';
import { ExitCode, KeywardError, UsageError } from '../errors.js';
import type { DiffEntry } from '../git/parse-diff.js';
import { catFile, type CatFile } from '../git/read-blobs.js';
import { repoState, type RepoState } from '../git/staged-repo-state.js';
import { stagedChangesEarly } from '../git/staged-diff.js';
import type { Io } from '../io.js';
import type { StagedSource } from '../sources/staged.js';
import type { Outcome } from '../sources/staged-outcome.js';
import type { ReportOptions } from './report-options.js';

export interface StagedCommandOptions extends ReportOptions {
  maxFileSize?: string;
}

/** Staged changes were found, yet not one byte of them was read: never a pass. */
export class NothingScannedError extends KeywardError {}

/** `keyward staged [files...]`: what `git commit` is about to record; the pre-commit hook. */
export async function stagedCommand(files: string[], opts: StagedCommandOptions, io: Io): Promise<ExitCode> {
  const started = now();
  // git runs first and reads the index while node loads and compiles the rules (the hook's start-up budget): the
  // diff against HEAD starts now, and rev-parse for a repository that discoverRepo leaves to git (an ordinary one is
  // read from its files). The diff gives the changed text files' staged bytes too; cat-file starts only for the
  // others (binary files, named files without a change).
  const repoP = repoState(io.cwd, io.env);
  const changes = stagedChangesEarly(repoP, io.cwd, io.env);
  changes.catch(() => undefined); // awaited by the source; an early git failure must not count as unhandled
  let blobs: CatFile | undefined;
  try {
    return await scanStaged(files, opts, io, started, repoP, changes, () => (blobs ??= catFile(io.cwd, io.env)));
  } finally {
    blobs?.close();
  }
}

async function scanStaged(files: string[], opts: StagedCommandOptions, io: Io, started: number, repoP: Promise<RepoState>, changes: Promise<DiffEntry[][]>, blobs: () => CatFile): Promise<ExitCode> {
  // Only git and what starts it are loaded before this point: the rest loads while git works.
  const [{ prepareScan }, { builtinRuleSpecs }, { collectFindings }, { globMatcher }, { StagedSource }, { emitReport, parseSize }, { DEFAULT_MAX_FILE_SIZE }, { createProgress }, { commitBlockedMessage }, { NOTHING_TO_READ }] =
    await Promise.all([
      import('./prepare.js'),
      import('../engine/rule-set.js'),
      import('../engine/scan.js'),
      import('../engine/compile-rule.js'),
      import('../sources/staged.js'),
      import('./report-options.js'),
      import('../config/config.js'),
      import('../progress.js'),
      import('../messages/commit-blocked.js'),
      import('../sources/staged-outcome.js'),
    ]);
  // The built-in rules load while rev-parse still runs (node would otherwise sit waiting for it); they are kept
  // for prepareScan. Should they fail to load, prepareScan fails the same way again, after git's own errors.
  try {
    builtinRuleSpecs();
  } catch {
    // reported by prepareScan
  }
  const repo = await repoP;
  const named = files.map((f) => repoPath(repo.top, path.resolve(io.cwd, f)));
  const { config, detector, hooks } = prepareScan(repo.top, repo.top, opts, io);
  const source = new StagedSource({
    repo,
    env: io.env,
    changes,
    catFile: blobs,
    named,
    maxFileSize: opts.maxFileSize !== undefined ? parseSize(opts.maxFileSize) : config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    exclude: globMatcher(config.allow.paths, () => false),
    readsBinary: (p) => detector.readsBinary(p),
    onOutcome: opts.debug ? (file, outcome) => io.stderr.write(`debug: ${file}: ${outcome}\n`) : undefined,
  });
  const progress = createProgress(io, { quiet: opts.quiet, label: 'scanning staged files:' });
  const raw = await collectFindings(source, detector, { ...hooks, onFragment: (f) => progress.tick(f.path) });
  progress.done();
  assertSomethingRead(source, NOTHING_TO_READ);
  const code = emitReport(raw, source.stats, source.notes, started, opts, io, 'staged changes');
  if (code === ExitCode.Findings && opts.format === 'pretty') io.stderr.write(commitBlockedMessage(raw, repo.head !== undefined, source.fullyScanned));
  return code;
}

/** Root-relative `/` path of `abs` (symbolic links resolved, as git reports the top level); outside the repository is a usage error. */
function repoPath(top: string, abs: string): string {
  const rel = path.relative(top, realPath(abs));
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) throw new UsageError(`${abs} is outside the repository ${top}`);
  return rel.split(path.sep).join('/');
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(realPath(parent), path.basename(p));
  }
}

/** Binary-only or deletion-only commits legitimately read 0 bytes; anything else unread is an error. */
function assertSomethingRead(source: StagedSource, nothingToRead: ReadonlySet<Outcome>): void {
  if (source.stats.bytes > 0) return;
  const unread = source.outcomes.filter(([, o]) => !nothingToRead.has(o));
  if (unread.length === 0) return;
  throw new NothingScannedError(
    `changes are staged but nothing was scanned: ${unread.slice(0, 10).map(([f, o]) => `${f} (${o})`).join(', ')}${unread.length > 10 ? ` and ${unread.length - 10} more` : ''}`,
    'raise the limit with --max-file-size or `maxFileSize` in .keyward.yaml; a commit is never passed unread',
  );
}
