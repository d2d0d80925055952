import { sha256Hex } from '../crypto.js';
import type { Severity } from '../engine/rule-types.js';
import type { Finding } from '../findings/finding.js';
import type { Report } from '../findings/report.js';
import { headline } from './remediation-text.js';
import type { Reporter } from './types.js';

/**
 * GitLab's secret-detection report (security-report-schemas, secret-detection-report-format.json, v15),
 * read from `artifacts:reports:secret_detection` into the merge request widget and vulnerability report.
 * The raw secret is never written (`raw_source_code_extract` is left out on purpose).
 */
export const gitlabReporter: Reporter = (report) => JSON.stringify(toGitlab(report, new Date()), null, 2) + '\n';

export const GITLAB_SCHEMA_VERSION = '15.2.1';

const SEVERITY: Record<Severity, 'Critical' | 'High' | 'Medium' | 'Low' | 'Info'> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
/** GitLab's placeholder commit for findings that are not from a commit (working-tree scans). */
const NO_COMMIT = '0000000';

export function toGitlab(report: Report, end: Date) {
  const tool = { id: 'keyward', name: 'keyward', version: report.tool.version, vendor: { name: 'keyward' } };
  const start = new Date(end.getTime() - report.stats.durationMs);
  return {
    version: GITLAB_SCHEMA_VERSION,
    scan: { analyzer: tool, scanner: tool, type: 'secret_detection', start_time: gitlabTime(start), end_time: gitlabTime(end), status: 'success' },
    vulnerabilities: report.findings.map(vulnerability),
  };
}

function vulnerability(f: Finding) {
  return {
    id: uuidFrom([f.fingerprint, f.file, f.line, f.column, f.commit ?? ''].join('\0')),
    // Dropped from the v15 schema, which allows additional properties; older consumers still read it.
    category: 'secret_detection',
    name: f.title,
    description: `${headline(f)}. Fingerprint ${f.fingerprint}.`,
    severity: SEVERITY[f.severity],
    solution: f.remediation.map((s, i) => `${i + 1}. ${s}`).join('\n'),
    location: {
      file: f.file,
      // Line 0: a finding about a whole file (hygiene) has no line to give.
      ...(f.line > 0 ? { start_line: f.line, end_line: f.endLine } : {}),
      commit: f.commit ? { sha: f.commit, ...(f.author ? { author: f.author } : {}), ...(f.date ? { date: f.date } : {}) } : { sha: NO_COMMIT },
    },
    identifiers: [{ type: 'keyward_rule_id', name: `keyward rule ${f.ruleId}`, value: f.ruleId }],
  };
}

/** The schema's timestamp pattern: `YYYY-MM-DDTHH:MM:SS` (UTC, no fraction, no zone). */
export function gitlabTime(d: Date): string {
  return d.toISOString().slice(0, 19);
}

/** A stable UUID-shaped id, so the same finding keeps its id across pipelines. */
function uuidFrom(key: string): string {
  const h = sha256Hex(key);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
