import { GitError } from '../errors.js';
import { gitComplaint, gitOutput, runGit } from './run-git.js';
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
  // Every question at once, each a plain child process: git answers each in a few ms, and simple-git would
  // wait 50 ms after any command that prints nothing (`config --get` of an unset key). Asked from `dir`, not
  // the top level, so nothing waits for the first answer; git finds the repository the same way from both.
  const where = gitOutput(dir, ['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--absolute-git-dir']);
  const top = gitOutput(dir, ['rev-parse', '--show-toplevel']).catch(() => '');
  const hasHead = gitOutput(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], [0, 1, 128]).then((s) => s.trim().length > 0);
  // Strict: `rev-list --all` prints nothing in a repository without commits, and fails only when its refs
  // point at objects it cannot read (a damaged repository must not pass as "no commits yet").
  const anyCommit = runGit(dir, ['rev-list', '-n', '1', '--all'], process.env, 'git rev-list', [0, 1, 128]);
  const partial = gitOutput(dir, ['config', '--get', 'extensions.partialClone'], [0, 1]).then((s) => s.trim().length > 0);
  // Awaited below, once the first answer says whether this is a repository at all.
  for (const p of [hasHead, anyCommit, partial]) p.catch(() => undefined);
  let out: string;
  try {
    out = await where;
  } catch {
    throw new GitError(`not a git repository: ${dir}`, 'run keyward history inside a git repository, or pass its path');
  }
  const [bare, shallow, gitDir] = out.split('\n');
  const root = bare === 'true' ? gitDir! : (await top).trim();
  if (!root) throw new GitError(`no work tree at ${dir} (inside a .git folder?)`, 'pass the repository folder itself');
  const listed = await anyCommit;
  if (listed.code !== 0)
    throw new GitError(`cannot read the commits of ${root}: ${gitComplaint(listed.stderr) ?? 'git failed'}`, 'the repository is damaged: run `git fsck` to see what is broken; nothing was reported as clean');
  const commits = listed.stdout.toString('utf8').trim().length > 0;
  const head = await hasHead.catch(() => false);
  return { root, bare: bare === 'true', shallow: shallow === 'true', hasCommits: head || commits, hasHead: head, partial: await partial.catch(() => false) };
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
