import path from 'node:path';
import type { Config } from '../config/config.js';
import { defaultConfig } from '../config/config.js';
import { findConfigFile, loadConfigFile } from '../config/load-config.js';
import { createDetector, type Detector } from '../detect/detector.js';
import { compileRules } from '../engine/compile-rule.js';
import { builtinRuleSpecs, resolveRuleSpecs } from '../engine/rule-set.js';
import type { RuleSpec } from '../engine/rule-types.js';
import type { ScanHooks } from '../engine/scan.js';
import { workerPlan } from '../engine/worker-plan.js';
import type { Suppressions } from '../findings/suppress.js';
import type { Io } from '../io.js';
import { debugDropped, type ReportOptions } from './report-options.js';
import { ignoreFilePath, loadSuppressions } from './suppressions.js';

export interface Prepared {
  config: Config;
  /** The resolved rules (config overrides applied), hygiene rules included. */
  specs: RuleSpec[];
  detector: Detector;
  hooks: ScanHooks;
  /** Whether hygiene checks run: asked for by the command, and not turned off by `hygiene: off` (unless 'always'). */
  hygiene: boolean;
  /** The ignore file (and --baseline): also set on `opts.suppressions`, which emitReport applies. */
  suppressions: Suppressions;
}

/**
 * What every scanning command (scan, history, staged…) needs before reading anything:
 * the config (nearest .keyward.yaml from `root` up to the repo root, or --config), the rules, a detector
 * (with the hygiene regex rules when hygiene checks run), and the ignore file (at the repo root, else at
 * `root`) with --baseline. Any invalid file: exit 2 before scanning.
 * `what.hygiene`: true runs hygiene unless the config turns it off; 'always' (keyward hygiene) runs it regardless.
 */
export function prepareScan(root: string, repo: string | undefined, opts: ReportOptions, io: Io, what: { hygiene?: boolean | 'always' } = {}): Prepared {
  const config = loadScanConfig(root, repo, opts.config, io);
  const hygiene = what.hygiene === 'always' || (what.hygiene === true && config.hygiene.enabled);
  const specs = resolveRuleSpecs(config);
  const suppressions = loadSuppressions({ ignoreFile: ignoreFilePath(root, repo), baseline: opts.baseline }, io);
  opts.suppressions = suppressions;
  return {
    config,
    specs,
    // With hygiene on, the hygiene regex rules (TLS off, http:// URLs…) ride along in the same pass over the files.
    detector: createDetector(compileRules(specs, { hygiene })),
    hooks: { onDropped: opts.debug ? (d) => io.stderr.write(debugDropped(d, opts)) : undefined, workers: workerPlan(io.env) },
    hygiene,
    suppressions,
  };
}

/** --config wins; else the nearest config file from the root up to the repository root; else defaults. */
export function loadScanConfig(root: string, repo: string | undefined, explicit: string | undefined, io: Io): Config {
  const file = explicit ? path.resolve(io.cwd, explicit) : findConfigFile(root, repo);
  if (!file) return defaultConfig();
  return loadConfigFile(file, path.relative(io.cwd, file) || file, { builtinRuleIds: () => builtinRuleSpecs().map((r) => r.id) });
}
