import { sha256Hex } from '../crypto.js';
import type { Severity } from '../engine/rule-types.js';
import type { Finding } from '../findings/finding.js';
import type { Report } from '../findings/report.js';
import { findingSteps, findingsByRule, headline, numbered, ruleSteps } from './remediation-text.js';
import type { Reporter } from './types.js';

/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer). The secret value is never written,
 * not even with --no-redact: SARIF files are uploaded to other systems; the fingerprint identifies it.
 */
export const sarifReporter: Reporter = (report) => JSON.stringify(toSarif(report), null, 2) + '\n';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) to rank alerts: >= 9 critical, >= 7 high, >= 4 medium. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

export function toSarif(report: Report) {
  const byRule = findingsByRule(report.findings);
  const ruleIds = [...byRule.keys()];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'keyward',
            version: report.tool.version,
            rules: ruleIds.map((id) => ruleDescriptor(byRule.get(id)![0]!)),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder keyward scanned.' } } },
        results: report.findings.map((f) => result(f, ruleIds.indexOf(f.ruleId))),
      },
    ],
  };
}

function ruleDescriptor(f: Finding) {
  const steps = ruleSteps(f);
  return {
    id: f.ruleId,
    name: pascalCase(f.ruleId),
    shortDescription: { text: f.title },
    fullDescription: { text: `${f.title} (${f.provider}).` },
    help: { text: numbered(steps).join('\n'), markdown: numbered(steps).join('\n') },
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: { tags: [...new Set(['security', 'secret', f.kind])], 'security-severity': SECURITY_SEVERITY[f.severity], precision: 'high' },
  };
}

function result(f: Finding, ruleIndex: number) {
  const extra = findingSteps(f);
  // The value is left out of SARIF entirely (not even masked): the fingerprint identifies it.
  const text = `${headline({ ...f, secret: '' })}; fingerprint ${f.fingerprint}.${extra.length ? ` ${extra.join(' ')}` : ''}`;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(f.file), uriBaseId: '%SRCROOT%' },
          // Our endColumn is the secret's last character; SARIF's is the one after it. Line 0: the whole file.
          ...(f.line > 0 ? { region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn + 1 } } : {}),
        },
      },
    ],
    // Per file: GitHub merges results that share a fingerprint, and the same key in two files is two places to clean.
    partialFingerprints: { 'keywardSecretInFile/v1': secretInFile(f) },
    properties: {
      fingerprint: f.fingerprint,
      kind: f.kind,
      severity: f.severity,
      ...(f.commit ? { commit: f.commit, author: f.author, date: f.date, removed: f.removed, pushed: f.pushed } : {}),
    },
  };
}

/** A relative URI reference for a scan-root-relative path: each segment percent-encoded, `/` kept. */
export function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

const pascalCase = (id: string) => id.split(/[^A-Za-z0-9]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

/** Stable across runs and line moves; differs per file. The secret fingerprint alone is in `properties.fingerprint`. */
function secretInFile(f: Finding): string {
  return sha256Hex(`${f.fingerprint}\0${f.file}`).slice(0, 32);
}
