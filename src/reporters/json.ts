import type { Finding } from '../findings/finding.js';
import type { Report } from '../findings/report.js';
import type { Reporter } from './types.js';

/** Field order of a finding in the JSON contract. */
function contractFinding(f: Finding) {
  return {
    ruleId: f.ruleId,
    title: f.title,
    kind: f.kind,
    severity: f.severity,
    provider: f.provider,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    secret: f.secret,
    fingerprint: f.fingerprint,
    commit: f.commit,
    author: f.author,
    email: f.email,
    date: f.date,
    removed: f.removed,
    pushed: f.pushed,
    remediation: f.remediation,
  };
}

export const jsonReporter: Reporter = (report: Report) =>
  JSON.stringify({ version: report.version, tool: report.tool, findings: report.findings.map(contractFinding), stats: report.stats, notes: report.notes }, null, 2) + '\n';
