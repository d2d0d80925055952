import { Chalk } from 'chalk';
import type { Finding } from '../findings/finding.js';
import type { Report } from '../findings/report.js';
import type { Reporter } from './types.js';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;

export const prettyReporter: Reporter = (report, ctx) => {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const sev = (s: Finding['severity']) => (s === 'critical' || s === 'high' ? c.red.bold(s) : s === 'medium' ? c.yellow(s) : c.dim(s));
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    out.push(c.underline(file));
    for (const f of findings) {
      // Line 0: a whole-file finding (hygiene), nothing to point at.
      out.push(`  ${f.line ? `${f.line}:${f.column}` : '-'}  ${sev(f.severity)}  ${f.title}  ${c.dim(f.ruleId)}`);
      if (f.lineText !== undefined) out.push(c.dim(`    ${f.line} | `) + f.lineText.trim().slice(0, 200));
      out.push(`    ${f.secret ? `${f.kind === 'hygiene' ? 'value' : 'secret'} ${c.bold(f.secret)}  ` : ''}fingerprint ${c.dim(f.fingerprint)}`);
      if (f.commit) out.push(`    commit ${f.commit.slice(0, 12)} by ${f.author} <${f.email}> on ${f.date}${f.removed ? c.yellow('  (removed from the current tree; still in history)') : ''}`);
      f.remediation.forEach((step, i) => out.push(`    ${i + 1}. ${step}`));
    }
    out.push('');
  }
  if (!ctx.quiet || report.findings.length) out.push(summary(report, ctx.subject, c));
  for (const n of report.notes) if (!ctx.quiet) out.push(c.dim(`note: ${n}`));
  return out.join('\n') + '\n';
};

function summary(report: Report, subject: string, c: InstanceType<typeof Chalk>): string {
  const s = report.stats;
  const where = `${s.files} file${s.files === 1 ? '' : 's'}, ${formatBytes(s.bytes)}, ${s.durationMs} ms`;
  if (report.findings.length === 0) return c.green(`✓ no secrets found in ${subject} (${where})`);
  const counts = SEVERITY_ORDER.map((k) => [k, report.findings.filter((f) => f.severity === k).length] as const).filter(([, n]) => n > 0);
  const n = report.findings.length;
  return c.red.bold(`✗ ${n} finding${n === 1 ? '' : 's'}`) + ` (${counts.map(([k, v]) => `${v} ${k}`).join(', ')}) in ${subject} (${where})`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
