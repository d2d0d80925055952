import { Chalk } from 'chalk';
import type { Finding } from '../findings/finding.js';
import type { Report } from '../findings/report.js';
import { SEVERITIES } from '../engine/rule-types.js';
import type { Reporter } from './types.js';

type Paint = InstanceType<typeof Chalk>;

/** For people: findings grouped by file, each with a code frame (secret masked) and numbered steps. */
export const prettyReporter: Reporter = (report, ctx) => {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    out.push(`${c.bold.underline(file)} ${c.dim(`(${plural(findings.length, 'finding')})`)}`, '');
    for (const f of findings) out.push(...findingBlock(f, c), '');
  }
  if (!ctx.quiet || report.findings.length) out.push(summary(report, ctx.subject, c));
  for (const n of report.notes) if (!ctx.quiet) out.push(c.dim(`note: ${n}`));
  // --quiet on a clean run: nothing at all, not an empty line.
  return out.length ? out.join('\n') + '\n' : '';
};

function findingBlock(f: Finding, c: Paint): string[] {
  // Line 0: a finding about a whole file (hygiene), nothing to point at.
  const at = f.line ? `${f.file}:${f.line}:${f.column}` : f.file;
  const out = [`  ${severityLabel(f.severity, c)}  ${c.bold(f.title)}  ${c.dim(f.ruleId)}`, `  ${c.dim('at')} ${at}`];
  if (f.lineText !== undefined && f.line) out.push(...codeFrame(f, c));
  out.push(`  ${f.secret ? `${c.dim(f.kind === 'hygiene' ? 'value' : 'secret')} ${f.secret}  ` : ''}${c.dim('fingerprint')} ${f.fingerprint}`);
  if (f.commit) out.push(`  ${c.dim('commit')} ${f.commit.slice(0, 12)}${f.author ? ` by ${f.author} <${f.email}>` : ''}${f.date ? ` on ${f.date}` : ''}${commitState(f, c)}`);
  out.push(`  ${c.bold('How to fix')}`);
  f.remediation.forEach((step, i) => out.push(`    ${i + 1}. ${step}`));
  return out;
}

/** The finding's line (already masked by finalize) with the secret underlined. */
function codeFrame(f: Finding, c: Paint): string[] {
  const text = (f.lineText ?? '').replace(/\t/g, ' ');
  const gutter = `${String(f.line).padStart(6)} │ `;
  const lines = [c.dim(gutter) + text];
  const at = f.secret ? text.indexOf(f.secret) : -1;
  if (at !== -1) lines.push(c.dim(`${' '.repeat(6)} │ `) + ' '.repeat(at) + c.red('^'.repeat(f.secret.length)));
  return lines;
}

function commitState(f: Finding, c: Paint): string {
  const parts: string[] = [];
  if (f.pushed === true) parts.push(c.red('pushed to a remote'));
  if (f.pushed === false) parts.push(c.yellow('local only, not pushed'));
  if (f.removed) parts.push(c.yellow('removed from the current tree, still in history'));
  return parts.length ? `  (${parts.join('; ')})` : '';
}

function severityLabel(s: Finding['severity'], c: Paint): string {
  const label = s.toUpperCase().padEnd(8);
  return s === 'critical' || s === 'high' ? c.red.bold(label) : s === 'medium' ? c.yellow(label) : c.dim(label);
}

function summary(report: Report, subject: string, c: Paint): string {
  const s = report.stats;
  const scanned = `${plural(s.files, 'file')}, ${formatBytes(s.bytes)} scanned in ${s.durationMs} ms`;
  if (report.findings.length === 0) return `${c.green(`✓ no secrets found in ${subject}`)} · ${scanned}`;
  const counts = SEVERITIES.map((k) => [k, report.findings.filter((f) => f.severity === k).length] as const).filter(([, n]) => n > 0);
  const files = new Set(report.findings.map((f) => f.file)).size;
  const n = plural(report.findings.length, 'finding');
  return `${c.red.bold(`✗ ${n}`)} (${counts.map(([k, v]) => `${v} ${k}`).join(', ')}) in ${subject} · ${plural(files, 'file')} affected · ${scanned}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
