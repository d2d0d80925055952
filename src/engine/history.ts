import type { Config } from '../config/config.js';
import { DEFAULT_MAX_FILE_SIZE, defaultConfig } from '../config/config.js';
import { createDetector, type Detector } from '../detect/detector.js';
import { GitError, UsageError } from '../errors.js';
import { FirstOccurrence, secretKey } from '../findings/first-occurrence.js';
import type { RawFinding } from '../findings/finding.js';
import { headBlobs, repoState, type RepoState } from '../git/repo-state.js';
import { GitHistorySource, type HistoryStats } from '../sources/git-history.js';
import { emptyStats, type SkipReason } from '../sources/fragment.js';
import { globMatcher } from './compile-rule.js';
import { resolveRules } from './rule-set.js';
import { markPushed, markRemoved } from './history-status.js';
import { collectFindings, type ScanHooks } from './scan.js';


export interface HistoryScanOptions {
  /** Only the commits of `A..B` (or any revision range git accepts). */
  range?: string;
  /** Only this branch, tag or commit and its ancestors (default: every ref and HEAD). */
  branch?: string;
  /** Only commits more recent than this date (anything `git log --since` accepts). */
  since?: string;
  /** Only the N most recent commits. */
  maxCommits?: number;
  /** Default: config.maxFileSize, else 10 MiB. */
  maxFileSize?: number;
  /** The repository as `repoState(dir)` describes it, when the caller has it already. */
  repo?: RepoState;
  /** Default: the built-in defaults (no .keyward.yaml is looked up). */
  config?: Config;
  /** Default: the rules resolved from `config`. */
  detector?: Detector;
  hooks?: ScanHooks;
  onSkip?: (file: string, reason: SkipReason, detail: string) => void;
  onProgress?: (stats: HistoryStats) => void;
}

export interface HistoryScan {
  /** Each secret once, at the commit, path and line that introduced it; `removed` says whether HEAD still has it. */
  findings: RawFinding[];
  stats: HistoryStats;
  notes: string[];
  repo: RepoState;
}

/**
 * Every secret ever committed in the repository containing `dir`, attributed to the commit that introduced it.
 * Reusable without the CLI (remediate, hygiene). Throws GitError when `dir` is not in a git repository.
 */
export async function scanHistory(dir: string, options: HistoryScanOptions = {}): Promise<HistoryScan> {
  if (options.range && options.branch) throw new UsageError('--range and --branch cannot be combined', 'a range already names its commits: use --range BASE..BRANCH');
  const repo = options.repo ?? (await repoState(dir));
  const config = options.config ?? defaultConfig();
  const detector = options.detector ?? createDetector(resolveRules(config));
  const notes: string[] = [];
  if (repo.partial && !gitHonoursNoLazyFetch(await gitVersion(repo.root)))
    throw new GitError('this is a partial clone: reading its history would download missing blobs', 'keyward never uses the network: run `git fetch --refetch` (or clone without --filter) first, or use git 2.44 or newer');
  if (!repo.hasCommits) {
    notes.push('the repository has no commits yet: nothing to scan');
    return { findings: [], stats: { ...emptyStats(), commits: 0 }, notes, repo };
  }
  if (repo.shallow) notes.push('shallow clone: only the commits present locally were scanned; run `git fetch --unshallow` to audit the whole history');

  const bounded = Boolean(options.range || options.since || options.maxCommits !== undefined);
  // HEAD's file list is read while the history streams; it is needed only at the end.
  const headListing = repo.hasHead ? headBlobs(repo.root) : undefined;
  headListing?.catch(() => undefined);
  const maxFileSize = options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const source = new GitHistorySource({
    repo: repo.root,
    query: {
      revs: options.range ? [options.range] : options.branch ? [options.branch] : ['--all'],
      since: options.since,
      maxCommits: options.maxCommits,
      renames: bounded,
    },
    bounded,
    maxFileSize,
    partial: repo.partial,
    exclude: globMatcher(config.allow.paths, () => false),
    pathClass: pathClassifier(detector),
    readsBinary: (p) => detector.readsBinary(p),
    ringSpace: (bytes) => detector.scanSpace(bytes),
    onSkip: options.onSkip,
    onProgress: options.onProgress,
  });
  const first = new FirstOccurrence();
  // Secrets found in each blob (only blobs with findings), to tell later which ones HEAD still holds.
  const inBlob = new Map<string, Set<string>>();
  const onDropped = options.hooks?.onDropped;
  const findings = await collectFindings(source, detector, {
    ...options.hooks,
    // 'not-added-line' here only means "the overlapping piece of a large file that owns this line reports it".
    onDropped: onDropped && ((d) => d.reason !== 'not-added-line' && onDropped(d)),
    keep: (f, fragment) => {
      if (fragment.blob) inBlob.set(fragment.blob, (inBlob.get(fragment.blob) ?? new Set()).add(secretKey(f)));
      return first.keep(f, source.isBaseline(fragment)) && (options.hooks?.keep?.(f, fragment) ?? true);
    },
  });
  const head = await headListing;
  if (head) {
    const atHead = new Set<string>();
    for (const oid of head.keys()) for (const key of inBlob.get(oid) ?? []) atHead.add(key);
    const unread = [...head].filter(([oid, path]) => !source.hasRead(oid, path)).map(([oid]) => oid);
    await markRemoved(findings, atHead, repo.root, unread, maxFileSize);
  }
  await markPushed(findings, repo.root, detector);
  notes.push(...source.notes);
  if (source.stats.commits === 0) notes.push('no commits matched: nothing was scanned');
  return { findings, stats: source.stats, notes, repo };
}

/**
 * Which of the path-limited rules apply at a path; '' when no rule depends on the path. Remembered for the
 * last few thousand paths: a history names the same paths in commit after commit, and each answer runs
 * every limited rule's globs (~10 µs).
 */
function pathClassifier(detector: Detector): ((path: string) => string) | undefined {
  const limited = detector.rules.filter((r) => r.spec.paths?.length || r.spec.allow?.paths?.length);
  if (!limited.length) return undefined;
  const known = new Map<string, string>();
  return (p) => {
    let cls = known.get(p);
    if (cls === undefined) {
      cls = limited.map((r) => (r.appliesTo(p) && !r.allowsPath(p) ? '1' : '0')).join('');
      if (known.size >= PATH_CLASSES_KEPT) known.clear();
      known.set(p, cls);
    }
    return cls;
  };
}

/** How many paths' classes pathClassifier remembers (bounded: memory must not grow with the history). */
const PATH_CLASSES_KEPT = 8192;

async function gitVersion(root: string): Promise<[number, number]> {
  const { git } = await import('../git/repo.js');
  const m = /(\d+)\.(\d+)/.exec(await git(root).raw(['--version']));
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

const gitHonoursNoLazyFetch = ([major, minor]: [number, number]) => major > 2 || (major === 2 && minor >= 44);
