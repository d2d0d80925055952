import { git } from './repo.js';
import { GitError } from '../errors.js';
import { nulTokens, spawnGit } from './stream.js';

export interface RepoState {
  /** The folder git commands run in: the work tree's top level, or the git dir of a bare repository. */
  root: string;
  bare: boolean;
  shallow: boolean;
  /** At least one commit is reachable from some ref or HEAD. */
  hasCommits: boolean;
  /** HEAD points at a commit (false on an unborn branch). */
  hasHead: boolean;
  /** Blobs may be missing on purpose (`git clone --filter`): reading them could need the network. */
  partial: boolean;
}

/** What a history scan needs to know about the repository at `dir` before reading it. */
export async function repoState(dir: string): Promise<RepoState> {
  const g = git(dir);
  let out: string;
  try {
    // One call: is-bare, top level (empty in a bare repo), shallow.
    out = await g.raw(['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--absolute-git-dir']);
  } catch {
    throw new GitError(`not a git repository: ${dir}`, 'run keyward history inside a git repository, or pass its path');
  }
  const [bare, shallow, gitDir] = out.split('\n');
  const root = bare === 'true' ? gitDir! : (await g.raw(['rev-parse', '--show-toplevel']).catch(() => '')).trim();
  if (!root) throw new GitError(`no work tree at ${dir} (inside a .git folder?)`, 'pass the repository folder itself');
  const rg = git(root);
  const succeeds = (args: string[]) => rg.raw(args).then((s) => s.trim().length > 0, () => false);
  // Strict: `rev-list --all` prints nothing in a repository without commits, and fails only when its refs
  // point at objects it cannot read (a damaged repository must not pass as "no commits yet").
  const commitsReadable = rg.raw(['rev-list', '-n', '1', '--all']).then(
    (s) => s.trim().length > 0,
    (e: unknown) => {
      throw new GitError(`cannot read the commits of ${root}: ${firstGitLine(e)}`, 'the repository is damaged: run `git fsck` to see what is broken; nothing was reported as clean');
    },
  );
  const [hasHead, anyCommit, partial] = await Promise.all([
    succeeds(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']),
    commitsReadable,
    succeeds(['config', '--get', 'extensions.partialClone']),
  ]);
  return { root, bare: bare === 'true', shallow: shallow === 'true', hasCommits: hasHead || anyCommit, hasHead, partial };
}

/** git's own complaint from a simple-git error: its last `fatal:` line, else its first line. */
function firstGitLine(e: unknown): string {
  const lines = String(e instanceof Error ? e.message : e).split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => l.startsWith('fatal:')) ?? lines[0] ?? 'git failed').replace(/^fatal:\s*/, '');
}

/** Every file blob of HEAD's tree, id → path (`git ls-tree -r -z HEAD`: `<mode> blob <oid>\t<path>\0`). */
export async function headBlobs(root: string): Promise<Map<string, string>> {
  const { proc, done } = spawnGit(root, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD']);
  proc.stdin.end();
  const out = new Map<string, string>();
  for await (const entry of nulTokens(proc.stdout)) {
    const tab = entry.indexOf('\t');
    const [mode, type, oid] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && mode !== '120000' && oid && !out.has(oid)) out.set(oid, entry.slice(tab + 1));
  }
  await done;
  return out;
}
