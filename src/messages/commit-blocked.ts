import type { RawFinding } from '../findings/finding.js';
import { shellQuote } from './shell-quote.js';

/**
 * What a blocked commit prints after the report: where, what, and how to get the key out of the commit.
 * Never shows a secret. `--no-verify` comes last, as the conscious exception.
 */
export function commitBlockedMessage(findings: RawFinding[], hasHead: boolean): string {
  const blocking = findings.filter((f) => f.kind !== 'public');
  const files = [...new Set(blocking.map((f) => f.file))].sort();
  const n = blocking.length;
  const envFiles = files.filter((f) => /(^|\/)\.env(\.|$)/.test(f) && !/\.(example|sample|template)$/.test(f));
  const unstage = hasHead ? `git restore --staged -- ${files.map(shellQuote).join(' ')}` : `git rm --cached -- ${files.map(shellQuote).join(' ')}`;
  return [
    '',
    `✗ commit blocked: ${n} secret${n === 1 ? '' : 's'} in what you are about to commit`,
    ...blocking.map((f) => `    ${f.file}:${f.line}  ${f.title}`),
    '',
    'Get it out of the commit (paths from the repository root):',
    `  1. Unstage the file${files.length === 1 ? '' : 's'}:  ${unstage}`,
    '  2. Remove the value from the file and read it from an environment variable instead',
    '     (or from a .env file that .gitignore ignores: check with `git check-ignore -v .env`).',
    ...envFiles.map((f) => `     ${f} is a secrets file: keep it out of git for good with \`git rm --cached -- ${shellQuote(f)}\` and a .gitignore entry.`),
    '  3. Stage the file again (`git add -p` to pick lines) and commit.',
    '  4. If the key was ever pushed, shared or pasted anywhere: revoke it (steps above).',
    '',
    'Not a secret? Put `keyward:allow` in a comment on that line, or allowlist it in .keyward.yaml.',
    'Last resort, and only consciously: `git commit --no-verify` skips this check for one commit.',
    '',
  ].join('\n');
}
