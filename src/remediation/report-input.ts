import fs from 'node:fs';
import { KeywardError, UsageError } from '../errors.js';
import type { Finding } from '../findings/finding.js';
import { fingerprint } from '../findings/fingerprint.js';

/** A JSON report (`--format json`) could not be used as `remediate --from` input. */
export class ReportInputError extends KeywardError {}

const REQUIRED = ['ruleId', 'title', 'kind', 'severity', 'provider', 'file', 'line', 'secret', 'fingerprint', 'commit', 'remediation'] as const;

/** The findings of a keyward JSON report (version 1), checked field by field. */
export function readReportFindings(file: string, shownAs: string): Finding[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${shownAs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'pass a report written by `keyward history --format json --output FILE`');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new ReportInputError(`${shownAs} is not JSON`, 'pass a report written with --format json');
  }
  const report = doc as { version?: unknown; findings?: unknown };
  if (report?.version !== 1 || !Array.isArray(report.findings))
    throw new ReportInputError(`${shownAs} is not a keyward JSON report (version 1)`, 'pass a report written with --format json');
  report.findings.forEach((f, i) => {
    const missing = REQUIRED.filter((k) => !(k in (f as object)));
    if (missing.length) throw new ReportInputError(`${shownAs}: findings[${i}] lacks ${missing.join(', ')}`, 'pass a report written with --format json');
  });
  return report.findings as Finding[];
}

/**
 * The finding's secret in full when the report holds it (written with --no-redact): the fingerprint
 * proves it, since it is computed from the rule id and the full secret. Undefined for redacted reports.
 */
export function fullSecretOf(f: Finding): string | undefined {
  return fingerprint(f.ruleId, f.secret) === f.fingerprint ? f.secret : undefined;
}
