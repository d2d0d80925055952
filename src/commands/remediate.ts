import path from 'node:path';
import { resolveRuleSpecs } from '../engine/rule-set.js';
import { ExitCode } from '../errors.js';
import type { Finding, RawFinding } from '../findings/finding.js';
import { fingerprint } from '../findings/fingerprint.js';
import { finalize } from '../findings/pipeline.js';
import { applySuppressions, type Suppressions } from '../findings/suppress.js';
import { redact, REDACT_MASK } from '../findings/redact.js';
import { remoteUrl } from '../git/git-dir.js';
import { requireWorkTree } from '../git/work-tree.js';
import type { Io } from '../io.js';
import { renderPlan } from '../remediation/plan.js';
import { setPushed } from '../remediation/pushed.js';
import { isMultiLine, replacementLines, writeReplacements } from '../remediation/replacements.js';
import { fullSecretOf, readReportFindings } from '../remediation/report-input.js';
import { loadScanConfig, prepareScan } from './prepare.js';

export interface RemediateOptions {
  from?: string;
  config?: string;
  debug?: boolean;
}

/**
 * `keyward remediate [path]`: a step-by-step clean-up plan for the secrets in the repository's history
 * (or in a JSON report, --from). Writes the replacements file for git filter-repo / BFG inside the git
 * folder; never rewrites history and never prints a full secret.
 */
export async function remediateCommand(target: string | undefined, opts: RemediateOptions, io: Io): Promise<ExitCode> {
  const repo = await requireWorkTree(path.resolve(io.cwd, target ?? '.'));
  const config = loadScanConfig(repo, repo, opts.config, io);
  const rules = new Map(resolveRuleSpecs(config).map((s) => [s.id, s]));
  const { findings, full, notes } = opts.from ? await fromReport(repo, opts, io) : await fromHistory(repo, opts, io);
  if (findings.length === 0) {
    io.stdout.write(`keyward: no leaked secrets ${opts.from ? `in ${opts.from}` : `in the history of ${repo}`}: nothing to remediate.\n`);
    return ExitCode.Clean;
  }
  // History findings come with `pushed` set by the scan; a report's are looked up in this repository.
  const marked = opts.from ? await setPushed(repo, findings) : findings;
  const secrets = [...new Set(marked.map((f) => full.get(f.fingerprint)).filter((s): s is string => s !== undefined))];
  const replacementsFile = secrets.length ? await writeReplacements(repo, replacementLines(secrets)) : undefined;
  io.stdout.write(
    renderPlan({
      repo,
      findings: marked,
      rules,
      purgeable: new Set(marked.filter((f) => full.has(f.fingerprint)).map((f) => f.fingerprint)),
      replacementsFile,
      multiLine: secrets.some(isMultiLine),
      originUrl: await remoteUrl(repo),
      verifyCommand: `keyward history${opts.config ? ` --config ${opts.config}` : ''}`,
      notes,
    }),
  );
  return ExitCode.Findings;
}

interface Leaks {
  /** Masked findings, credentials only. */
  findings: Finding[];
  /** Full secrets by fingerprint; they only ever go to the replacements file. */
  full: Map<string, string>;
  /** The history scan's notes (shallow clone…): they can make the plan incomplete. */
  notes: string[];
}

async function fromHistory(repo: string, opts: RemediateOptions, io: Io): Promise<Leaks> {
  const { raw, notes, suppressions } = await historyFindings(repo, opts, io);
  // The ignore file applies as in `keyward history`, so the plan and the verify step agree.
  const findings = finalize(raw, { redact: true, keep: (deduped) => applySuppressions(deduped, suppressions).kept });
  return { findings: findings.filter((f) => f.kind === 'secret'), full: fullSecrets(raw), notes };
}

/**
 * A report written with --no-redact holds the full secrets (its fingerprints prove it). A redacted
 * report does not: then history is scanned again and secrets are matched by fingerprint.
 */
async function fromReport(repo: string, opts: RemediateOptions, io: Io): Promise<Leaks> {
  const reported = readReportFindings(path.resolve(io.cwd, opts.from!), opts.from!).filter((f) => f.kind === 'secret');
  const full = new Map<string, string>();
  const notes: string[] = [];
  for (const f of reported) {
    const s = fullSecretOf(f);
    if (s !== undefined) full.set(f.fingerprint, s);
  }
  if (reported.some((f) => !full.has(f.fingerprint))) {
    const wanted = new Set(reported.map((f) => f.fingerprint));
    const scan = await historyFindings(repo, opts, io);
    notes.push(...scan.notes);
    for (const [fp, s] of fullSecrets(scan.raw)) if (wanted.has(fp)) full.set(fp, s);
  }
  const masked = (f: Finding) => {
    const s = full.get(f.fingerprint);
    return s !== undefined ? redact(s) : f.secret.endsWith(REDACT_MASK) ? f.secret : redact(f.secret);
  };
  return { findings: reported.map((f) => ({ ...f, secret: masked(f), lineText: undefined })), full, notes };
}

function fullSecrets(raw: RawFinding[]): Map<string, string> {
  // A whole-file finding (line 0: a .p12 key store) has no text to replace: the plan removes the file instead.
  return new Map(raw.filter((f) => f.kind === 'secret' && f.line > 0).map((f) => [fingerprint(f.ruleId, f.secret), f.secret]));
}

/** Every secret in the repository's history, raw (they stay in this process), and the scan's notes. */
async function historyFindings(repo: string, opts: RemediateOptions, io: Io): Promise<{ raw: RawFinding[]; notes: string[]; suppressions: Suppressions }> {
  const { scanHistory } = await import('../engine/history.js');
  const { config, detector, hooks, suppressions } = prepareScan(repo, repo, { format: 'json', color: false, redact: true, config: opts.config, debug: opts.debug }, io);
  const scan = await scanHistory(repo, { config, detector, hooks });
  return { raw: scan.findings, notes: scan.notes, suppressions };
}
