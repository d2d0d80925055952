import { runGit } from '../git/run.js';
import type { CheckResult, HygieneContext } from './context.js';
import { fileFinding } from './finding.js';
import { fileMatcher, rulesFor } from './rules.js';

interface Added {
  file: string;
  sha: string;
  author: string;
  email: string;
  date: string;
}

const MARK = '\x1ekeyward-commit\x1f';

/**
 * Check 3: secret-bearing files added in any commit of any ref, even if deleted since. One `git log`
 * lists the file names each commit added (names only; content is the history scanner's job).
 */
export async function everCommittedCheck(ctx: HygieneContext): Promise<CheckResult> {
  const rules = rulesFor(ctx.specs, 'ever-committed');
  if (rules.length === 0) return { findings: [] };
  const added = await addedFiles(ctx.root, [...new Set(rules.flatMap((r) => r.paths ?? []))]);
  const findings = rules.flatMap((spec) => {
    const match = fileMatcher(spec);
    return added
      .filter((a) => match(a.file))
      .map((a) => fileFinding(spec, a.file, { commit: a.sha, author: a.author, email: a.email, date: a.date, removed: !ctx.files.tracked.has(a.file) }));
  });
  return { findings };
}

/** Every (file, commit) where a commit on any ref added a file matching one of the globs. */
async function addedFiles(root: string, globs: string[]): Promise<Added[]> {
  if (globs.length === 0) return [];
  // --no-renames: a renamed secret file counts as added under its new name. --relative + "." keeps paths
  // relative to the root. Pathspecs narrow what git reports (`:(glob,icase)**/.env`); the rule's globs decide.
  const pathspecs = globs.map((g) => `:(glob,icase)${g}`);
  const out = await runGit(root, ['log', '--all', '--no-renames', '--diff-filter=A', '--name-only', '-z', '--relative', `--format=${MARK}%H%x1f%an%x1f%ae%x1f%aI`, '--', ...pathspecs]);
  // Output: "\x1ekeyward-commit\x1f<sha>\x1f<name>\x1f<email>\x1f<date>\0\n.env\0keys/id_rsa\0\x1ekeyward-commit\x1f…"
  const result: Added[] = [];
  let commit: Omit<Added, 'file'> | undefined;
  for (const raw of out.split('\0')) {
    const token = raw.replace(/^\n/, '');
    if (token.startsWith(MARK)) {
      const [sha, author, email, date] = token.slice(MARK.length).split('\x1f');
      commit = { sha: sha!, author: author!, email: email!, date: date! };
    } else if (token && commit) result.push({ file: token, ...commit });
  }
  return result;
}
