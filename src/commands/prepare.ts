import path from 'node:path';
import type { Config } from '../config/config.js';
import { defaultConfig } from '../config/config.js';
import { findConfigFile, loadConfigFile } from '../config/load-config.js';
import { createDetector, type Detector } from '../detect/detector.js';
import { builtinRuleSpecs, resolveRules } from '../engine/rule-set.js';
import type { ScanHooks } from '../engine/scan.js';
import type { Suppressions } from '../findings/suppress.js';
import type { Io } from '../io.js';
import { debugDropped, type ReportOptions } from './report-options.js';
import { ignoreFilePath, loadSuppressions } from './suppressions.js';

export interface Prepared {
  config: Config;
  detector: Detector;
  hooks: ScanHooks;
  /** The ignore file (and --baseline): also set on `opts.suppressions`, which emitReport applies. */
  suppressions: Suppressions;
}

/**
 * What every scanning command (scan, history, staged…) needs before reading anything:
 * the config (nearest .keyward.yaml from `root` up to the repo root, or --config), the rules, a detector,
 * and the ignore file (at the repo root, else at `root`) with --baseline. Any invalid file: exit 2 before scanning.
 */
export function prepareScan(root: string, repo: string | undefined, opts: ReportOptions, io: Io): Prepared {
  const config = loadScanConfig(root, repo, opts.config, io);
  const detector = createDetector(resolveRules(config));
  const suppressions = loadSuppressions({ ignoreFile: ignoreFilePath(root, repo), baseline: opts.baseline }, io);
  opts.suppressions = suppressions;
  return {
    config,
    detector,
    hooks: { onDropped: opts.debug ? (d) => io.stderr.write(debugDropped(d, opts)) : undefined },
    suppressions,
  };
}

/** --config wins; else the nearest config file from the root up to the repository root; else defaults. */
export function loadScanConfig(root: string, repo: string | undefined, explicit: string | undefined, io: Io): Config {
  const file = explicit ? path.resolve(io.cwd, explicit) : findConfigFile(root, repo);
  if (!file) return defaultConfig();
  return loadConfigFile(file, path.relative(io.cwd, file) || file, { builtinRuleIds: () => builtinRuleSpecs().map((r) => r.id) });
}
