import { DIFF_FLAGS, parseDiff, type DiffEntry } from './parse-diff.js';
import type { RepoState } from './staged-repo-state.js';
import { readGit } from './run-git.js';

export interface StagedDiffOptions {
  /** Diff binary-looking files as text (`--text`): for files git calls binary that keyward reads as text. */
  text?: boolean;
  /** Limit to these paths (taken literally, never as globs). */
  paths?: string[];
}

/**
 * The index against `base` (a commit or tree): every staged change with the lines it adds, and the bytes of each
 * changed text file (DIFF_FLAGS: the whole file as context).
 */
export async function stagedDiff(top: string, env: NodeJS.ProcessEnv, base: string, opts: StagedDiffOptions = {}): Promise<DiffEntry[]> {
  const args = ['--literal-pathspecs', ...DIFF_FLAGS, ...(opts.text ? ['--text'] : []), base, '--', ...(opts.paths ?? [])];
  return readGit(top, args, env, 'git diff-index --cached', parseDiff);
}

/**
 * Lines the commit adds. For a merge, a line counts only when it is new against every parent: what the
 * merged branch brings is that branch's own commits' business (`keyward history`), while conflict
 * resolutions and evil-merge content are new here. (git's combined diff reasons the same way.)
 */
export function addedLines(entry: DiffEntry, otherParents: Map<string, DiffEntry>[]): Set<number> {
  let added = new Set(entry.added);
  for (const parent of otherParents) {
    const other = parent.get(entry.path);
    if (!other) return new Set(); // the index holds exactly that parent's version
    if (other.binary) continue; // git gave no lines against that parent: keep what we have
    const theirs = new Set(other.added);
    added = new Set([...added].filter((l) => theirs.has(l)));
  }
  return added;
}

export const byPath = (entries: DiffEntry[]) => new Map(entries.map((e) => [e.path, e]));

/** What the index is compared against: HEAD (the empty tree before the first commit), then any merge parents. */
export function diffBases(repo: RepoState): string[] {
  return [repo.head ?? repo.emptyTree, ...repo.mergeHeads];
}

/** The staged changes against each base, in `diffBases` order. */
export function stagedChanges(repo: RepoState, env: NodeJS.ProcessEnv): Promise<DiffEntry[][]> {
  return Promise.all(diffBases(repo).map((b) => stagedDiff(repo.top, env, b)));
}

/**
 * `stagedChanges` without waiting for `repoState`: the diff against HEAD starts at once in `cwd`, beside
 * git rev-parse (the hook's latency is its git processes run one after another). HEAD does not move while
 * a commit's hook runs. Before the first commit that diff fails, and the empty tree is used instead.
 */
export function stagedChangesEarly(repo: Promise<RepoState>, cwd: string, env: NodeJS.ProcessEnv): Promise<DiffEntry[][]> {
  const againstHead = stagedDiff(cwd, env, 'HEAD');
  againstHead.catch(() => undefined); // awaited below only when HEAD exists
  return repo.then((r) => {
    const [base, ...mergeHeads] = diffBases(r);
    return Promise.all([r.head !== undefined ? againstHead : stagedDiff(r.top, env, base!), ...mergeHeads.map((b) => stagedDiff(r.top, env, b))]);
  });
}
