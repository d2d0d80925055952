import fs from 'node:fs';
import path from 'node:path';
import { now } from '../clock.js';
import { globMatcher } from '../engine/compile-rule.js';
import { collectFindings } from '../engine/scan.js';
import { UsageError, type ExitCode } from '../errors.js';
import { requireWorkTree } from '../git/work-tree.js';
import { appendMissingPatterns, untrackAdvice } from '../hygiene/fix.js';
import { gitHygiene } from '../hygiene/run.js';
import { secretInFileCheck } from '../hygiene/secret-in-file.js';
import type { Io } from '../io.js';
import { createProgress } from '../progress.js';
import { WorkingTreeSource } from '../sources/working-tree.js';
import { prepareScan } from './prepare.js';
import { emitReport, type ReportOptions } from './report-options.js';
import { DEFAULT_MAX_FILE_SIZE } from '../config/config.js';

export interface HygieneOptions extends ReportOptions {
  fix?: boolean;
}

/** `keyward hygiene [path]`: the repository checks alone (git state, how keys are wired in), optionally `--fix`. */
export async function hygieneCommand(target: string | undefined, opts: HygieneOptions, io: Io): Promise<ExitCode> {
  const started = now();
  const root = path.resolve(io.cwd, target ?? '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`not a folder: ${root}`, 'pass a folder inside a git repository');
  const top = await requireWorkTree(root);
  const { config, specs, detector, hooks } = prepareScan(root, top, opts, io, { hygiene: 'always' });
  // The content checks reuse the scanner's detector: secrets (for templates and client-side code) and hygiene regex rules.
  const allowed = globMatcher(config.allow.paths, () => false);
  const source = new WorkingTreeSource({ root, targets: [root], respectGitignore: true, maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, exclude: allowed });
  const progress = createProgress(io, { quiet: opts.quiet, label: 'hygiene: checking files:' });
  const content = await collectFindings(source, detector, { ...hooks, onFragment: (f) => progress.tick(f.path) });
  progress.done();
  let git = await gitHygiene(root, specs, allowed);
  if (opts.fix) {
    // Never untracks or deletes: tracked files get printed `git rm --cached` commands instead.
    const out = opts.format === 'pretty' && !opts.output ? io.stdout : io.stderr;
    out.write(appendMissingPatterns(top, root, specs, git.notIgnored, io.cwd));
    const before = git.untrack;
    git = await gitHygiene(root, specs, allowed);
    const untrack = [...new Set([...before, ...git.untrack])].sort();
    out.write(untrackAdvice(root, io.cwd, untrack));
  }
  const findings = [...git.findings, ...content.filter((f) => f.kind === 'hygiene'), ...secretInFileCheck(specs, content)];
  return emitReport(findings, source.stats, source.notes, started, opts, io, 'repository hygiene checks');
}
