import { nulTokens, spawnGit } from './stream.js';

export interface LogCommit {
  sha: string;
  parents: string[];
  author: string;
  email: string;
  /** Author date, ISO 8601. */
  date: string;
  entries: RawEntry[];
}

/** One changed path of a commit, as `git log --raw` reports it. */
export interface RawEntry {
  /** Octal mode of the new version: 100644/100755 file, 120000 symlink, 160000 submodule, 000000 deleted. */
  mode: string;
  /** Object id of the new version (all zeros when deleted). */
  blob: string;
  /** Object ids of the previous version(s): one per parent for merges, all zeros when added. */
  before: string[];
  status: string;
  path: string;
  /** For renames and copies: the path it came from. */
  from?: string;
}

export interface LogQuery {
  /** Revisions to walk (e.g. ['--all'], ['main'], ['A..B']). */
  revs: string[];
  since?: string;
  maxCommits?: number;
  /** Detect renames (costs time; only needed to tell a moved secret from a new one in a bounded scan). */
  renames: boolean;
}

export const ZERO_OID = /^0+$/;
const COMMIT_MARK = '\x01';
// %x01 marks the start of a commit, so that its header can be told from the raw entries of the previous one.
const FORMAT = '--format=%x01%H%x00%P%x00%an%x00%ae%x00%aI';

export function logArgs(q: LogQuery): string[] {
  return [
    'log', '--reverse', '--date-order', '--root', '-z', '--raw', '--no-abbrev', '--no-color', '--no-textconv', '--no-ext-diff', '--no-show-signature',
    // Merges: only paths whose result differs from every parent, i.e. what the merge itself wrote (conflict resolutions).
    '--diff-merges=combined',
    q.renames ? '-M' : '--no-renames',
    FORMAT,
    ...(q.since ? [`--since=${q.since}`] : []),
    ...(q.maxCommits !== undefined ? [`--max-count=${q.maxCommits}`] : []),
    ...q.revs,
    '--',
  ];
}

/**
 * Streams commits oldest first (parents before children), each with the paths it changed. Memory holds one
 * commit at a time. Output of `git log -z --raw --format=%x01%H%x00%P%x00%an%x00%ae%x00%aI` looks like:
 *
 *   \x01<sha>\0<parent sha> <parent sha>\0<name>\0<email>\0<date>\0\n:000000 100644 <40 zeros> <blob> A\0path\0
 *   :100644 100644 <blob> <blob> R100\0old path\0new path\0
 *   \x01<merge sha>\0<p1> <p2>\0…\0<date>\0\0::100644 100644 100644 <p1 blob> <p2 blob> <result blob> MM\0path\0
 */
export async function* readLog(repo: string, q: LogQuery): AsyncGenerator<LogCommit> {
  const { proc, done, stop } = spawnGit(repo, logArgs(q));
  proc.stdin.end();
  const tokens = nulTokens(proc.stdout);
  let commit: LogCommit | undefined;
  const next = async () => {
    const r = await tokens.next();
    return r.done ? undefined : r.value;
  };
  try {
    for (let t = await next(); t !== undefined; t = await next()) {
      if (t.startsWith(COMMIT_MARK)) {
        if (commit) yield commit;
        const [parents = '', author = '', email = '', date = ''] = [await next(), await next(), await next(), await next()];
        commit = { sha: t.slice(1), parents: parents ? parents.split(' ') : [], author, email, date, entries: [] };
        continue;
      }
      const meta = t.replace(/^\n/, '');
      if (!meta.startsWith(':') || !commit) continue;
      const entry = parseMeta(meta);
      const first = (await next()) ?? '';
      if (/^[RC]/.test(entry.status)) {
        entry.from = first;
        entry.path = (await next()) ?? '';
      } else entry.path = first;
      commit.entries.push(entry);
    }
    // git must have finished cleanly before the last commit counts: a killed git leaves it cut short.
    await done;
    if (commit) yield commit;
  } finally {
    stop();
  }
}

/** `:100644 100644 <old> <new> M` (one colon per parent: merges have more modes and ids). */
function parseMeta(meta: string): RawEntry {
  const parents = meta.match(/^:+/)![0].length;
  const parts = meta.slice(parents).split(' ');
  const ids = parts.slice(parents + 1, 2 * parents + 2);
  return { mode: parts[parents]!, blob: ids[parents]!, before: ids.slice(0, parents), status: parts[2 * parents + 1] ?? '', path: '' };
}
