import { gitOutput } from './run-git.js';
import { spawnGit } from './stream.js';

/**
 * For each commit: true when a remote-tracking ref (refs/remotes/*) reaches it, false when it is local
 * only. Left out (unknown): commits this repository does not have, and every commit when remotes are
 * configured but were never fetched (no remote-tracking refs to compare with). Three or four git calls
 * however many commits, the first three at once; the walk covers only commits that are not on a remote.
 */
export async function pushedCommits(root: string, commits: Iterable<string>): Promise<Map<string, boolean>> {
  const wanted = [...new Set(commits)];
  const result = new Map<string, boolean>();
  if (wanted.length === 0) return result;
  // The three questions at once, as plain child processes: simple-git waits 50 ms after a command that
  // prints nothing, and a repository without remotes prints nothing for the last two.
  // `git for-each-ref --format=%(objectname) refs/remotes` prints one full sha per remote-tracking ref:
  //   3f1c0c2e9f6d4b1a8e7c6d5b4a39281706f5e4d3
  const [known, refs, remotes] = await Promise.all([
    existingCommits(root, wanted),
    gitOutput(root, ['for-each-ref', '--format=%(objectname)', 'refs/remotes']),
    gitOutput(root, ['remote']),
  ]);
  if (known.size === 0) return result;
  const tips = refs.split('\n').filter(Boolean);
  if (tips.length === 0 && remotes.trim()) return result;
  const localOnly = tips.length === 0 ? new Set(known.values()) : await unreachableFrom(root, [...new Set(known.values())], tips);
  for (const [asked, full] of known) result.set(asked, !localOnly.has(full));
  return result;
}

/** Asked name → full sha, for the names that are commits here. */
async function existingCommits(root: string, names: string[]): Promise<Map<string, string>> {
  // `git cat-file --batch-check` answers each input line in order:
  //   3f1c0c2e9f6d4b1a8e7c6d5b4a39281706f5e4d3 commit 243
  //   0123abcd missing
  const out = (await gitWithInput(root, ['cat-file', '--batch-check'], names.join('\n') + '\n')).split('\n');
  const found = new Map<string, string>();
  names.forEach((name, i) => {
    const [sha, type] = (out[i] ?? '').split(' ');
    if (type === 'commit' && sha) found.set(name, sha);
  });
  return found;
}

/** The commits among `commits` that no tip reaches: `git rev-list --stdin` lists what the `^tip`s do not exclude. */
async function unreachableFrom(root: string, commits: string[], tips: string[]): Promise<Set<string>> {
  const input = [...commits, ...tips.map((t) => `^${t}`)].join('\n') + '\n';
  const listed = new Set((await gitWithInput(root, ['rev-list', '--stdin'], input)).split('\n').filter(Boolean));
  return new Set(commits.filter((c) => listed.has(c)));
}

/** Runs git with `input` on stdin and returns its whole stdout (short answers only). */
async function gitWithInput(root: string, args: string[], input: string): Promise<string> {
  const { proc, done } = spawnGit(root, args);
  const chunks: Buffer[] = [];
  proc.stdout.on('data', (b: Buffer) => chunks.push(b));
  proc.stdin.on('error', () => undefined); // git may exit before reading everything; `done` reports why
  proc.stdin.end(input);
  await done;
  return Buffer.concat(chunks).toString('utf8');
}
