import type { Severity } from '../engine/rule-types.js';
import type { Finding } from '../findings/finding.js';
import type { Report } from '../findings/report.js';
import { formatBytes } from './pretty.js';
import { findingSteps, findingsByRule, headline, maskedSecret, numbered, ruleSteps } from './remediation-text.js';
import type { Reporter } from './types.js';

/**
 * GitHub Actions workflow commands: one annotation per finding, shown on the diff and the run page.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 * CI logs are widely readable: the secret is shown masked even with --no-redact.
 */
export const githubReporter: Reporter = (report, ctx) => {
  const lines = report.findings.map(annotation);
  if (!ctx.quiet) lines.push(`keyward: ${summaryText(report)} in ${ctx.subject}`);
  return lines.length ? lines.join('\n') + '\n' : '';
};

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice' };

function annotation(f: Finding): string {
  const position = f.line > 0 ? [['line', f.line], ['col', f.column], ['endLine', f.endLine], ['endColumn', f.endColumn]].map(([k, v]) => [String(k), String(v)]) : [];
  const props = [['file', f.file], ...position, ['title', `${f.title} (${f.severity})`]];
  const message = [`${headline(f)} — fingerprint ${f.fingerprint}`, ...numbered(f.remediation)].join('\n');
  return `::${COMMAND[f.severity]} ${props.map(([k, v]) => `${k}=${escapeProperty(v!)}`).join(',')}::${escapeData(message)}`;
}

/** Workflow command data: `%`, CR and LF are percent-encoded (the runner decodes them). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command properties: also `:` and `,`, which separate properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function summaryText(report: Report): string {
  const n = report.findings.length;
  return n === 0 ? 'no secrets found' : `${n} finding${n === 1 ? '' : 's'}`;
}

/** Markdown for `$GITHUB_STEP_SUMMARY`: a table of findings, then each rule's remediation once. */
export function githubStepSummary(report: Report, subject: string): string {
  const s = report.stats;
  const out = [`## keyward: ${summaryText(report)} in ${md(subject)}`, '', `Scanned ${s.files} files, ${formatBytes(s.bytes)} in ${s.durationMs} ms.`, ''];
  if (report.findings.length) {
    out.push('| severity | rule | location | commit | secret |', '|---|---|---|---|---|');
    for (const f of report.findings) {
      const commit = f.commit ? `\`${f.commit.slice(0, 12)}\`${f.pushed === true ? ' (pushed)' : f.pushed === false ? ' (local)' : ''}` : '';
      const at = f.line > 0 ? `${f.file}:${f.line}:${f.column}` : f.file;
      const value = maskedSecret(f);
      out.push(`| ${f.severity} | ${md(f.title)} | ${code(at)} | ${commit} | ${value ? code(value) : ''} |`);
    }
    out.push('');
    for (const [, findings] of findingsByRule(report.findings)) {
      const f = findings[0]!;
      out.push(`### ${md(f.title)}`, '', ...numbered(ruleSteps(f)).map(md), '');
      const extra = [...new Set(findings.flatMap(findingSteps))];
      if (extra.length) out.push(...extra.map((e) => `- ${md(e)}`), '');
    }
  }
  return out.join('\n') + '\n';
}

/** Markdown-safe table cell / paragraph text: escapes the characters that would change the table or markup. */
function md(s: string): string {
  return s.replace(/([\\|<>])/g, '\\$1').replace(/[\r\n]+/g, ' ');
}

/** An inline code span that survives backticks and pipes in file names. */
function code(s: string): string {
  const t = s.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
  const fence = t.includes('`') ? '`` ' : '`';
  return `${fence}${t}${fence.trim() === '``' ? ' ``' : '`'}`;
}
