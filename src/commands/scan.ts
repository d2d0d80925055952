import fs from 'node:fs';
import path from 'node:path';
import { now } from '../clock.js';
import { DEFAULT_MAX_FILE_SIZE } from '../config/config.js';
import { globMatcher } from '../engine/compile-rule.js';
import { builtinRuleSpecs } from '../engine/rule-set.js';
import { collectFindings } from '../engine/scan.js';
import { UsageError, type ExitCode } from '../errors.js';
import type { RawFinding } from '../findings/finding.js';
import { findWorkTree } from '../git/work-tree.js';
import type { Io } from '../io.js';
import { createProgress } from '../progress.js';
import { WorkingTreeSource } from '../sources/working-tree.js';
import { TreeReadThread, startTreeReaderEarly } from '../sources/threaded-tree-reader.js';
import { prepareScan, type Prepared } from './prepare.js';
import { emitReport, parseSize, type ReportOptions } from './report-options.js';

export interface ScanOptions extends ReportOptions {
  ignore: boolean;
  /** Repository hygiene checks inside a git repository (`--no-hygiene` turns them off). */
  hygiene?: boolean;
  maxFileSize?: string;
}


export interface WorkingTreeScan extends Prepared {
  /** Findings before the ignore file and baseline are applied (emitReport applies them). */
  raw: RawFinding[];
  source: WorkingTreeSource;
  root: string;
  repo: string | undefined;
}

/** Reads the working tree under `paths` (default: the current folder) and runs every file through the detector. */
export async function scanWorkingTree(paths: string[], opts: ScanOptions, io: Io): Promise<WorkingTreeScan> {
  const targets = (paths.length ? paths : ['.']).map((p) => path.resolve(io.cwd, p));
  for (const t of targets) if (!fs.existsSync(t)) throw new UsageError(`path not found: ${t}`);
  const root = targets.length === 1 && fs.statSync(targets[0]!).isDirectory() ? targets[0]! : io.cwd;
  // KEYWARD_READ_THREAD=0 (hidden; tests and benchmarks) reads on this thread only.
  // A large tree is read on a thread of its own: it boots while the rules load and the tree is walked
  // (WorkingTreeSource.looksLong; a listing that turns out long otherwise starts it after the walk).
  const threaded = io.env.KEYWARD_READ_THREAD !== '0';
  const looksLong = threaded && WorkingTreeSource.looksLong(targets);
  if (looksLong) startTreeReaderEarly();
  const asked = findWorkTree(root);
  // The built-in rules (~8 ms) load while git answers (about as long). A load error is reported where they are used.
  try {
    builtinRuleSpecs();
  } catch {
    // prepareScan loads them again, unless the config says `extends: none`
  }
  const repo = await asked;
  const prepared = prepareScan(root, repo, opts, io, { hygiene: opts.hygiene !== false && repo !== undefined });
  const { config, specs, detector, hooks, hygiene } = prepared;
  const maxFileSize = opts.maxFileSize !== undefined ? parseSize(opts.maxFileSize) : config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const allowed = globMatcher(config.allow.paths, () => false);
  // The thread gets the rules' keywords now: it builds its scanner and ring while the tree is walked (~10-20 ms).
  // --debug lists the rules a path allowlist drops: then the thread hands over every file with keywords.
  const settle = hooks.onDropped === undefined;
  const reader = looksLong ? TreeReadThread.start(detector.threadPlan(), settle) : undefined;
  const progress = createProgress(io, { quiet: opts.quiet, label: 'scanning files:' });
  const source = new WorkingTreeSource({
    root,
    targets,
    respectGitignore: opts.ignore,
    rootWorkTree: { tree: repo },
    maxFileSize,
    exclude: allowed,
    readsBinary: (p) => detector.readsBinary(p),
    readBuffer: (bytes) => detector.readBuffer(bytes),
    readThread: threaded ? () => reader ?? TreeReadThread.start(detector.threadPlan(), settle) : undefined,
    onClean: (file) => progress.tick(file),
    onSkip: opts.debug ? (file, reason, detail) => io.stderr.write(`debug: skipped ${file} (${reason}: ${detail})\n`) : undefined,
  });
  const raw = await collectFindings(source, detector, { ...hooks, onFragment: (f) => progress.tick(f.path) });
  progress.done();
  if (hygiene) {
    const { hygieneFindings } = await import('../hygiene/run.js');
    raw.push(...(await hygieneFindings(root, specs, raw, allowed)));
  }
  return { ...prepared, raw, source, root, repo };
}

/** `keyward scan [paths...]`: the working tree, zero configuration. */
export async function scanCommand(paths: string[], opts: ScanOptions, io: Io): Promise<ExitCode> {
  const started = now();
  const { raw, source } = await scanWorkingTree(paths, opts, io);
  return emitReport(raw, source.stats, source.notes, started, opts, io, 'working tree');
}
