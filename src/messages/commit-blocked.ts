import type { RawFinding } from '../findings/finding.js';
import { shellQuote } from './shell-quote.js';

/**
 * What a blocked commit prints after the report: where, what, and how to get the key out of the commit.
 * Files in `committed` were named on the command line and scanned in full (pre-commit --all-files): their
 * keys are already in the repository, so the advice differs. Never shows a secret. `--no-verify` comes
 * last, as the conscious exception.
 */
export function commitBlockedMessage(findings: RawFinding[], hasHead: boolean, committed: ReadonlySet<string> = new Set()): string {
  const blocking = findings.filter((f) => f.kind !== 'public');
  const staged = blocking.filter((f) => !committed.has(f.file));
  const old = blocking.filter((f) => committed.has(f.file));
  return [
    '',
    `✗ commit blocked: ${blocking.length} secret${blocking.length === 1 ? '' : 's'}`,
    ...(staged.length ? stagedAdvice(staged, hasHead) : []),
    ...(old.length ? committedAdvice(old) : []),
    '',
    'Not a secret? Put `keyward:allow` in a comment on that line, or allowlist it in .keyward.yaml.',
    'Last resort, and only consciously: `git commit --no-verify` skips this check for one commit.',
    '',
  ].join('\n');
}

/** file:line, or just the file for a whole-file finding (line 0). */
const where = (f: RawFinding) => (f.line ? `${f.file}:${f.line}` : f.file);

function stagedAdvice(findings: RawFinding[], hasHead: boolean): string[] {
  const files = [...new Set(findings.map((f) => f.file))].sort();
  const envFiles = files.filter((f) => /(^|\/)\.env(\.|$)/.test(f) && !/\.(example|sample|template)$/.test(f));
  // Whole-file findings (a .p12 key store): the file itself is the secret, there is no value to take out of it.
  const wholeFiles = [...new Set(findings.filter((f) => f.line === 0).map((f) => f.file))].sort();
  const unstage = `${hasHead ? 'git restore --staged' : 'git rm --cached'} -- ${files.map(shellQuote).join(' ')}`;
  return [
    '  in what you are about to commit:',
    ...findings.map((f) => `    ${where(f)}  ${f.title}`),
    '',
    'Get it out of the commit (paths from the repository root):',
    `  1. Unstage the file${files.length === 1 ? '' : 's'}:  ${unstage}`,
    '  2. Remove the value from the file and read it from an environment variable instead',
    '     (or from a .env file that .gitignore ignores: check with `git check-ignore -v .env`).',
    ...envFiles.map((f) => `     ${f} is a secrets file: keep it out of git for good with \`git rm --cached -- ${shellQuote(f)}\` and a .gitignore entry.`),
    ...wholeFiles.map((f) => `     ${f} is a key file as a whole: keep it out of git for good (a .gitignore entry) and out of the folder if you can.`),
    '  3. Stage the file again (`git add -p` to pick lines) and commit.',
    '  4. If the key was ever pushed, shared or pasted anywhere: revoke it (steps above).',
  ];
}

function committedAdvice(findings: RawFinding[]): string[] {
  return [
    '  already committed (files checked in full, e.g. by `pre-commit run --all-files`):',
    ...findings.map((f) => `    ${where(f)}  ${f.title}`),
    '',
    'These keys are in the repository already: revoke them first (steps above), then replace each value with',
    'an environment variable and commit that. `keyward history` shows every commit that holds one.',
  ];
}
