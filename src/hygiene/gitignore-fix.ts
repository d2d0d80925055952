import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

/** A .gitignore pattern with the `!` exceptions that must follow it (`.env.*` then `!.env.example`). */
interface PatternGroup {
  pattern: string;
  exceptions: string[];
}

export const FIX_HEADER = '# Secret-bearing files (added by keyward hygiene --fix)';

function groups(lines: string[]): PatternGroup[] {
  const out: PatternGroup[] = [];
  for (const line of lines) {
    if (line.startsWith('!')) out[out.length - 1]?.exceptions.push(line);
    else out.push({ pattern: line, exceptions: [] });
  }
  return out;
}

/** Whether a .gitignore pattern (at the repository top) matches a top-relative path. Enough for our own patterns. */
export function patternMatches(pattern: string, file: string): boolean {
  const anchored = pattern.replace(/\/$/, '').includes('/');
  const p = pattern.replace(/^\//, '').replace(/\/$/, '');
  if (anchored) return picomatch.isMatch(file, p, { dot: true });
  // No slash: matches the name at any depth, file or folder.
  return file.split('/').some((segment) => picomatch.isMatch(segment, p, { dot: true }));
}

/**
 * The lines to append so that `files` become ignored: the first pattern of `patterns` matching each file,
 * with its exceptions, unless that exact line is in .gitignore already. Appending only absent lines makes
 * a second run append nothing. Exceptions are re-appended after their pattern even if present earlier,
 * because a `!.env.example` above a new `.env.*` would no longer apply.
 */
export function linesToAppend(patterns: string[], files: string[], existing: string): string[] {
  const present = new Set(existing.split(/\r?\n/).map((l) => l.trim()));
  const out: string[] = [];
  const all = groups(patterns);
  const needed = new Set(files.map((f) => all.find((g) => patternMatches(g.pattern, f))));
  for (const g of all) {
    if (!needed.has(g) || present.has(g.pattern)) continue;
    out.push(g.pattern, ...g.exceptions);
  }
  return out;
}

/** Appends `lines` to the .gitignore at `file` under a header; keeps every existing byte. Returns whether it wrote. */
export function appendToGitignore(file: string, lines: string[]): boolean {
  if (lines.length === 0) return false;
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const sep = existing === '' ? '' : existing.endsWith('\n') ? eol : eol + eol;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, existing + sep + [FIX_HEADER, ...lines].join(eol) + eol);
  return true;
}
