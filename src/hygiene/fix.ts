import fs from 'node:fs';
import path from 'node:path';
import type { RuleSpec } from '../engine/rule-types.js';
import { appendToGitignore, linesToAppend } from './gitignore-fix.js';
import { rulesFor } from './rules.js';

const toPosix = (p: string) => p.split(path.sep).join('/');

/**
 * `--fix`: appends the missing ignore patterns to the repository's top .gitignore and returns what to tell
 * the user. Files are relative to `root`; `top` is the repository's top folder; messages are relative to `cwd`.
 */
export function appendMissingPatterns(top: string, root: string, specs: RuleSpec[], notIgnored: string[], cwd: string): string {
  const gitignore = path.join(top, '.gitignore');
  const existing = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : '';
  const fromTop = notIgnored.map((f) => toPosix(path.relative(top, path.join(root, f))));
  const lines = rulesFor(specs, 'not-ignored').flatMap((spec) => linesToAppend(spec.gitignore ?? [], fromTop, existing));
  const shown = toPosix(path.relative(cwd, gitignore)) || '.gitignore';
  return appendToGitignore(gitignore, lines) ? `fix: appended to ${shown}: ${lines.join(' ')}\n` : `fix: ${shown} already has every pattern keyward would add\n`;
}

/** The commands that untrack files (printed, never run: untracking is the user's decision). */
export function untrackAdvice(root: string, cwd: string, files: string[]): string {
  if (files.length === 0) return '';
  const commands = files.map((f) => `  git rm --cached -- ${shellQuote(toPosix(path.relative(cwd, path.join(root, f))))}\n`);
  return `fix: these files are tracked; to untrack them (the files stay on disk), run:\n${commands.join('')}`;
}

function shellQuote(p: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
