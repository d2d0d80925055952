import path from 'node:path';
import type { Config } from '../config/config.js';
import { defaultConfig } from '../config/config.js';
import { findConfigFile, loadConfigFile } from '../config/load-config.js';
import { createDetector, type Detector } from '../detect/detector.js';
import { resolveRules } from '../engine/rule-set.js';
import type { ScanHooks } from '../engine/scan.js';
import type { Io } from '../io.js';
import { debugDropped, type ReportOptions } from './report-options.js';

export interface Prepared {
  config: Config;
  detector: Detector;
  hooks: ScanHooks;
}

/**
 * What every scanning command (scan, history, staged…) needs before reading anything:
 * the config (nearest .keyward.yaml from `root` up to the repo root, or --config), the rules, a detector.
 */
export function prepareScan(root: string, repo: string | undefined, opts: ReportOptions, io: Io): Prepared {
  const config = loadScanConfig(root, repo, opts.config, io);
  return {
    config,
    detector: createDetector(resolveRules(config)),
    hooks: { onDropped: opts.debug ? (d) => io.stderr.write(debugDropped(d, opts)) : undefined },
  };
}

/** --config wins; else the nearest config file from the root up to the repository root; else defaults. */
export function loadScanConfig(root: string, repo: string | undefined, explicit: string | undefined, io: Io): Config {
  const file = explicit ? path.resolve(io.cwd, explicit) : findConfigFile(root, repo);
  if (!file) return defaultConfig();
  return loadConfigFile(file, path.relative(io.cwd, file) || file);
}
