import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { now } from '../clock.js';
import { ExitCode, UsageError } from '../errors.js';
import { finalize } from '../findings/pipeline.js';
import { applySuppressions, type Suppressions } from '../findings/suppress.js';
import { sizeInBytes } from '../config/size.js';
import { loadSuppressions } from './suppressions.js';
import type { RawFinding } from '../findings/finding.js';
import type { Report } from '../findings/report.js';
import { redact } from '../findings/redact.js';
import type { Dropped } from '../detect/detector.js';
import type { Io } from '../io.js';
import { githubStepSummary } from '../reporters/github.js';
import { FORMATS, getReporter } from '../reporters/index.js';
import type { SourceStats } from '../sources/fragment.js';
import { toolVersion } from '../version.js';

/** Options every scanning command shares (scan, history, staged…). */
export interface ReportOptions {
  format: string;
  output?: string;
  color: boolean;
  redact: boolean;
  quiet?: boolean;
  debug?: boolean;
  config?: string;
  /** --baseline FILE: report only findings whose fingerprint is not in it. */
  baseline?: string;
  /**
   * Set by prepareScan (ignore file + baseline), so emitReport applies them for every scanning command;
   * when unset, emitReport loads --baseline itself.
   */
  suppressions?: Suppressions;
}

export function addReportOptions(cmd: Command): Command {
  return cmd
    .addOption(cmd.createOption('-f, --format <format>', 'output format').choices(FORMATS).default('pretty'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--no-color', 'disable colours (NO_COLOR is honoured too)')
    .option('--no-redact', 'print secrets in full (redacted by default)')
    .option('-q, --quiet', 'print findings only: no summary, notes or progress')
    .option('--debug', 'explain why candidate matches were dropped, and show stacks on errors')
    .option('-c, --config <file>', 'config file (default: .keyward.yaml found from the scan root up to the repo root)')
    .option('--baseline <file>', 'report only findings that are not in this baseline file (made by `keyward baseline`)');
}

export function useColor(opts: ReportOptions, io: Io): boolean {
  if (!opts.color || opts.output) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}

export function parseSize(value: string): number {
  const n = sizeInBytes(value);
  if (n === undefined) throw new UsageError(`invalid size "${value}"`, 'use bytes or a suffix: 500k, 10m, 1g');
  return n;
}

/** A --debug line for a dropped candidate; the secret is redacted unless --no-redact. */
export function debugDropped(d: Dropped, opts: ReportOptions): string {
  const secret = d.secret ? ` ${opts.redact ? redact(d.secret) : d.secret}` : '';
  return `debug: dropped ${d.ruleId} at ${d.file}${d.line ? `:${d.line}` : ''}${secret} (${d.reason}: ${d.detail})\n`;
}

/** Drops ignored and baselined findings (explained with --debug), turns the rest into the report, writes it, returns the exit code. */
export function emitReport(raw: RawFinding[], stats: SourceStats, notes: string[], started: number, opts: ReportOptions, io: Io, subject: string): ExitCode {
  const suppressions = opts.suppressions ?? loadSuppressions({ baseline: opts.baseline }, io);
  let suppressionNotes: string[] = [];
  // After dedupe (an ignored key must not resurface under a generic rule at the same place), before redaction.
  const findings = finalize(raw, {
    redact: opts.redact,
    keep: (deduped) => {
      const s = applySuppressions(deduped, suppressions);
      if (opts.debug) for (const d of s.dropped) io.stderr.write(debugDropped(d, opts));
      suppressionNotes = s.notes;
      return s.kept;
    },
  });
  const report: Report = {
    version: 1,
    tool: { name: 'keyward', version: toolVersion() },
    findings,
    stats: { ...stats, durationMs: Math.round(now() - started) },
    notes: [...notes, ...suppressionNotes],
  };
  const text = getReporter(opts.format)(report, { color: useColor(opts, io), quiet: opts.quiet === true, subject });
  if (opts.output) writeReportFile(path.resolve(io.cwd, opts.output), text);
  else io.stdout.write(text);
  if (opts.format === 'github' && io.env.GITHUB_STEP_SUMMARY) appendStepSummary(io.env.GITHUB_STEP_SUMMARY, githubStepSummary(report, subject), io);
  return findings.some((f) => f.kind !== 'public') ? ExitCode.Findings : ExitCode.Clean;
}

/** Writes the report (0600: it names files that hold secrets). A path that cannot take a file is a usage error, exit 2. */
function writeReportFile(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode: 0o600 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a parent path is a file, not a directory' : (e as Error).message;
    throw new UsageError(`cannot write the report to ${file}: ${why}`, 'give --output a file path, e.g. --output keyward.sarif');
  }
}

/** GitHub Actions renders this file on the run's summary page. A failure to write it only warns: the scan itself succeeded. */
function appendStepSummary(file: string, markdown: string, io: Io): void {
  try {
    fs.appendFileSync(file, markdown);
  } catch (e) {
    io.stderr.write(`keyward: warning: could not write the step summary to ${file}: ${(e as Error).message}\n`);
  }
}
