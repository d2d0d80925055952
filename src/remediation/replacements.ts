import fs from 'node:fs';
import path from 'node:path';
import { absoluteGitDir } from '../git/git-dir.js';

/** What both git filter-repo and BFG put in place of a purged secret by default. */
export const REMOVED = '***REMOVED***';

/**
 * Lines of a `--replace-text` file (git filter-repo and BFG share the format: one expression per line,
 * `==>` then the replacement). A one-line secret is a literal. A multi-line secret (a PEM private key)
 * cannot be a literal: it becomes a `regex:` that matches exactly that block, CRLF or LF.
 */
export function replacementLines(secrets: Iterable<string>): string[] {
  const lines = new Set<string>();
  for (const s of secrets) lines.add(/[\r\n]/.test(s) ? `regex:${blockRegex(s)}==>${REMOVED}` : `${literal(s)}==>${REMOVED}`);
  return [...lines].sort();
}

/** Every character but letters and digits escaped (valid in Python's and Java's regex syntax); line breaks as `\r?\n`. */
function blockRegex(secret: string): string {
  return secret
    .split(/\r?\n/)
    .map((line) => line.replace(/[^A-Za-z0-9]/g, (c) => `\\${c}`))
    .join('\\r?\\n');
}

/** A secret that happens to start like a prefix the tools interpret is marked literal explicitly. */
function literal(secret: string): string {
  return /^(regex|glob|literal):/.test(secret) ? `literal:${secret}` : secret;
}

export function isMultiLine(secret: string): boolean {
  return /[\r\n]/.test(secret);
}

/**
 * Writes the replacements file inside the repository's git folder (never the work tree, so it can
 * never be committed), readable by the owner only. Returns its absolute path.
 */
export async function writeReplacements(repoDir: string, lines: string[]): Promise<string> {
  const dir = path.join(await absoluteGitDir(repoDir), 'keyward');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'replacements.txt');
  // Remove first: an existing file keeps its old mode when rewritten.
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600, flag: 'wx' });
  fs.chmodSync(file, 0o600);
  return file;
}
