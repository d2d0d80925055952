import { git } from './repo.js';
import { createInterface } from 'node:readline';
import { spawnGit } from './stream.js';

/**
 * For each commit: is it reachable from a remote-tracking ref (already pushed or fetched from a remote)?
 * false for every commit when the repository has no remote; undefined when it has remotes but no
 * remote-tracking refs (never fetched: unknown). One streamed `git rev-list --remotes`.
 */
export async function pushedCommits(root: string, commits: Set<string>): Promise<Map<string, boolean> | undefined> {
  const g = git(root);
  const [remotes, tracking] = await Promise.all([
    g.raw(['remote']).then((s) => s.trim(), () => ''),
    g.raw(['for-each-ref', '--count=1', '--format=%(refname)', 'refs/remotes/']).then((s) => s.trim(), () => ''),
  ]);
  const out = new Map([...commits].map((c) => [c, false]));
  if (!remotes) return out;
  if (!tracking) return undefined;
  // `git rev-list --remotes` prints one commit id per line, newest first; stop once every commit is found.
  const { proc, done, stop } = spawnGit(root, ['rev-list', '--remotes']);
  proc.stdin.end();
  let left = commits.size;
  for await (const sha of createInterface({ input: proc.stdout })) {
    if (out.get(sha) !== false) continue;
    out.set(sha, true);
    if (--left === 0) break;
  }
  if (left === 0) stop();
  else await done;
  return out;
}
