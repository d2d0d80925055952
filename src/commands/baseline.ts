import fs from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../errors.js';
import { dedupe } from '../findings/pipeline.js';
import { applySuppressions } from '../findings/suppress.js';
import { BASELINE_FILE, baselineEntries, formatBaseline } from '../findings/baseline.js';
import type { Io } from '../io.js';
import { scanWorkingTree, type ScanOptions } from './scan.js';

export interface BaselineOptions extends Pick<ScanOptions, 'ignore' | 'maxFileSize' | 'config' | 'debug' | 'quiet'> {
  output?: string;
}

/**
 * `keyward baseline [path]`: scans the working tree like `keyward scan` (the ignore file applies) and writes
 * every finding's fingerprint, rule id and paths to .keyward-baseline.json in the scanned folder (or --output).
 */
export async function baselineCommand(target: string | undefined, opts: BaselineOptions, io: Io): Promise<ExitCode> {
  const scan = await scanWorkingTree(target ? [target] : [], { ...opts, format: 'pretty', color: false, redact: true }, io);
  const { kept } = applySuppressions(dedupe(scan.raw), { ...scan.suppressions, baseline: undefined });
  const entries = baselineEntries(kept);
  const file = opts.output ? path.resolve(io.cwd, opts.output) : path.join(scan.root, BASELINE_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, formatBaseline(entries));
  if (!opts.quiet) {
    const shown = path.relative(io.cwd, file) || file;
    io.stdout.write(`wrote ${shown}: ${entries.length} known secret${entries.length === 1 ? '' : 's'}\n`);
    io.stdout.write(`scan with --baseline ${shown} to report only new findings\n`);
  }
  return ExitCode.Clean;
}
