import fs from 'node:fs';
import path from 'node:path';
import { globMatcher } from '../engine/compile-rule.js';
import { collectFindings } from '../engine/scan.js';
import { UsageError, type ExitCode } from '../errors.js';
import { requireWorkTree } from '../git/repo.js';
import { appendToGitignore, linesToAppend } from '../hygiene/gitignore-fix.js';
import { rulesFor } from '../hygiene/rules.js';
import { gitHygiene } from '../hygiene/run.js';
import { secretInFileCheck } from '../hygiene/secret-in-file.js';
import type { Io } from '../io.js';
import type { RuleSpec } from '../engine/rule-types.js';
import { WorkingTreeSource } from '../sources/working-tree.js';
import { prepareScan } from './prepare.js';
import { emitReport, type ReportOptions } from './report-options.js';
import { DEFAULT_MAX_FILE_SIZE } from './scan.js';

export interface HygieneOptions extends ReportOptions {
  fix?: boolean;
}

/** `keyward hygiene [path]`: the repository checks alone (git state, how keys are wired in), optionally `--fix`. */
export async function hygieneCommand(target: string | undefined, opts: HygieneOptions, io: Io): Promise<ExitCode> {
  const started = performance.now();
  const root = path.resolve(io.cwd, target ?? '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`not a folder: ${root}`, 'pass a folder inside a git repository');
  const top = await requireWorkTree(root);
  const { config, specs, detector, hooks } = prepareScan(root, top, opts, io, { hygiene: true });
  // The content checks reuse the scanner's detector: secrets (for templates and client-side code) and hygiene regex rules.
  const allowed = globMatcher(config.allow.paths, () => false);
  const source = new WorkingTreeSource({ root, targets: [root], respectGitignore: true, maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, exclude: allowed });
  const content = await collectFindings(source, detector, hooks);
  let git = await gitHygiene(root, specs, allowed);
  if (opts.fix) {
    const out = opts.format === 'pretty' && !opts.output ? io.stdout : io.stderr;
    out.write(appendMissingPatterns(top, root, specs, git.notIgnored, io.cwd));
    const before = git.untrack;
    git = await gitHygiene(root, specs, allowed);
    const untrack = [...new Set([...before, ...git.untrack])].sort();
    if (untrack.length) out.write(`fix: these files are tracked; to untrack them (the files stay on disk), run:\n${untrackCommands(root, io.cwd, untrack).map((c) => `  ${c}\n`).join('')}`);
  }
  const findings = [...git.findings, ...content.filter((f) => f.kind === 'hygiene'), ...secretInFileCheck(specs, content)];
  return emitReport(findings, source.stats, source.notes, started, opts, io, 'repository hygiene checks');
}

/**
 * Appends the missing ignore patterns to the repository's top .gitignore; returns what to tell the user.
 * Never untracks or deletes anything: tracked files get printed `git rm --cached` commands instead.
 */
function appendMissingPatterns(top: string, root: string, specs: RuleSpec[], notIgnored: string[], cwd: string): string {
  const gitignore = path.join(top, '.gitignore');
  const existing = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : '';
  const fromTop = notIgnored.map((f) => path.relative(top, path.join(root, f)).split(path.sep).join('/'));
  const lines = rulesFor(specs, 'not-ignored').flatMap((spec) => linesToAppend(spec.gitignore ?? [], fromTop, existing));
  const shown = path.relative(cwd, gitignore) || '.gitignore';
  return appendToGitignore(gitignore, lines) ? `fix: appended to ${shown}: ${lines.join(' ')}\n` : `fix: ${shown} already has every pattern keyward would add\n`;
}

/** Shell-quotes a path for a copy-paste command. */
function quote(p: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

export function untrackCommands(root: string, cwd: string, files: string[]): string[] {
  return files.map((f) => `git rm --cached -- ${quote(path.relative(cwd, path.join(root, f)).split(path.sep).join('/'))}`);
}
