import fs from 'node:fs';
import path from 'node:path';
import { now } from '../clock.js';
import { scanHistory } from '../engine/history.js';
import { UsageError, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import { createProgress } from '../progress.js';
import { prepareScan } from './prepare.js';
import { emitReport, parseSize, type ReportOptions } from './report-options.js';
import { repoState } from '../git/repo-state.js';
import { startReaderEarly } from '../git/threaded-blob-reader.js';

export interface HistoryOptions extends ReportOptions {
  range?: string;
  since?: string;
  maxCommits?: string;
  branch?: string;
  maxFileSize?: string;
}

/** `keyward history [path]`: every secret ever committed, once, at the commit that introduced it. */
export async function historyCommand(target: string | undefined, opts: HistoryOptions, io: Io): Promise<ExitCode> {
  const started = now();
  const dir = path.resolve(io.cwd, target ?? '.');
  if (!fs.existsSync(dir)) throw new UsageError(`path not found: ${dir}`);
  for (const [flag, value] of [['--range', opts.range], ['--branch', opts.branch]] as const)
    if (value !== undefined && (value === '' || value.startsWith('-'))) throw new UsageError(`invalid ${flag} "${value}"`, `${flag} takes a revision such as main, v1.2.0 or origin/main..HEAD`);
  const maxCommits = opts.maxCommits === undefined ? undefined : parseCount(opts.maxCommits);
  // The git reader thread boots while the repository is looked at and the rules load.
  startReaderEarly();
  const repo = await repoState(fs.statSync(dir).isDirectory() ? dir : path.dirname(dir));
  const { config, detector, hooks } = prepareScan(repo.root, repo.bare ? undefined : repo.root, opts, io);
  const progress = createProgress(io, { quiet: opts.quiet, label: 'scanning history:' });
  let scan;
  try {
    scan = await scanHistory(repo.root, {
      range: opts.range,
      branch: opts.branch,
      since: opts.since,
      maxCommits,
      maxFileSize: opts.maxFileSize !== undefined ? parseSize(opts.maxFileSize) : undefined,
      repo,
      config,
      detector,
      hooks,
      onSkip: opts.debug ? (file, reason, detail) => io.stderr.write(`debug: skipped ${file} (${reason}: ${detail})\n`) : undefined,
      // Called once per commit, so the counter counts commits.
      onProgress: (s) => progress.tick(`${s.commits === 1 ? 'commit' : 'commits'}, ${plural(s.files, 'blob')}, ${(s.bytes / 1048576).toFixed(1)} MB`),
    });
  } finally {
    progress.done();
  }
  return emitReport(scan.findings, scan.stats, scan.notes, started, opts, io, `history (${plural(scan.stats.commits, 'commit')})`);
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`invalid --max-commits "${value}"`, 'use a whole number of commits, 1 or more');
  return Number(value);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
