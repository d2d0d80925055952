import path from 'node:path';
import { GitError } from '../errors.js';
import { discoverRepo, readText } from './discover-repo.js';
import { runGit } from './run-git.js';

/** What the staged scan needs to know about the repository: from its files when it is an ordinary one, else from one `git rev-parse`. */
export interface RepoState {
  /** The work tree's top-level folder. */
  top: string;
  /** HEAD's commit (or `HEAD` itself, which git resolves), or undefined before the first commit. */
  head?: string;
  /** The other parents of a merge in progress (MERGE_HEAD), else empty. */
  mergeHeads: string[];
  /** The empty tree of this repository's hash function: the base of the very first commit. */
  emptyTree: string;
}

const EMPTY_TREE: Record<string, string> = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

export async function repoState(cwd: string, env: NodeJS.ProcessEnv): Promise<RepoState> {
  const found = discoverRepo(cwd, env);
  if (found) return { top: found.top, head: found.hasHead ? 'HEAD' : undefined, mergeHeads: readMergeHeads(path.join(found.gitDir, 'MERGE_HEAD')), emptyTree: EMPTY_TREE.sha1! };
  return askGit(cwd, env);
}

/** The same from `git rev-parse`. */
export async function askGit(cwd: string, env: NodeJS.ProcessEnv): Promise<RepoState> {
  // Prints the top level, the MERGE_HEAD path, the object format, then HEAD (exit 1 without a line before the first commit).
  const r = await runGit(cwd, ['rev-parse', '--show-toplevel', '--git-path', 'MERGE_HEAD', '--show-object-format', '--verify', '-q', 'HEAD'], env, 'git rev-parse', [0, 1, 128]);
  const [top, mergeHeadFile, format, head] = r.stdout.toString('utf8').split('\n');
  if (r.code === 128 || !top || !mergeHeadFile || !format) {
    const why = r.stderr.split('\n').find((l) => l.trim()) ?? 'git rev-parse failed';
    throw new GitError(`not a git work tree: ${cwd} (${why.replace(/^fatal: /, '')})`, 'run `keyward staged` inside a git repository (git runs hooks there)');
  }
  const emptyTree = EMPTY_TREE[format];
  if (!emptyTree) throw new GitError(`unsupported git object format "${format}"`);
  return { top, head: r.code === 0 && head ? head : undefined, mergeHeads: readMergeHeads(path.resolve(cwd, mergeHeadFile)), emptyTree };
}

/** MERGE_HEAD holds one commit per line (several for an octopus merge). */
function readMergeHeads(file: string): string[] {
  return (readText(file) ?? '').split('\n').map((l) => l.trim()).filter((l) => /^[0-9a-f]{40,64}$/.test(l));
}
