import type { Config } from '../config/config.js';
import { defaultConfig } from '../config/config.js';
import { createDetector, type Detector } from '../detect/detector.js';
import { GitError } from '../errors.js';
import { FirstOccurrence, secretKey } from '../findings/first-occurrence.js';
import type { RawFinding } from '../findings/finding.js';
import { BlobReader } from '../git/cat-file.js';
import { pushedCommits } from '../git/pushed.js';
import { remediationSteps } from '../remediation/steps.js';
import { headBlobs, repoState, type RepoState } from '../git/repo-state.js';
import { GitHistorySource, type HistoryStats } from '../sources/git-history.js';
import { emptyStats, type SkipReason } from '../sources/fragment.js';
import { decodeText } from '../sources/read-text.js';
import { globMatcher } from './compile-rule.js';
import { resolveRules } from './rule-set.js';
import { collectFindings, type ScanHooks } from './scan.js';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

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
  if (options.range && options.branch) throw new GitError('--range and --branch cannot be combined', 'a range already names its commits: use --range BASE..BRANCH');
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
    exclude: globMatcher(config.allow.paths, () => false),
    pathClass: pathClassifier(detector),
    onSkip: options.onSkip,
    onProgress: options.onProgress,
  });
  const first = new FirstOccurrence();
  // Secrets found in each blob (only blobs with findings), to tell later which ones HEAD still holds.
  const inBlob = new Map<string, Set<string>>();
  const findings = await collectFindings(source, detector, {
    ...options.hooks,
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
 * `removed`: the secret is in none of HEAD's files. Blobs of HEAD that the walk did not read (outside a range,
 * allowlisted path) are searched for the remaining secrets, only when there are any.
 */
async function markRemoved(findings: RawFinding[], atHead: Set<string>, root: string, unread: string[], maxFileSize: number): Promise<void> {
  let open = findings.filter((f) => !atHead.has(secretKey(f)));
  if (open.length && unread.length) {
    const reader = new BlobReader(root);
    try {
      for (const oid of unread) reader.request(oid);
      for (let i = 0; i < unread.length && open.length; i++) {
        const r = await reader.next(maxFileSize);
        if (!('content' in r)) continue;
        const text = decodeText(r.content);
        for (const f of open) if (text.includes(f.secret)) atHead.add(secretKey(f));
        open = open.filter((f) => !atHead.has(secretKey(f)));
      }
    } finally {
      await reader.close();
    }
  }
  for (const f of findings) f.removed = !atHead.has(secretKey(f));
}

/** `pushed` for each finding, and the remediation steps that depend on it (amend a local commit vs purge). */
async function markPushed(findings: RawFinding[], root: string, detector: Detector): Promise<void> {
  if (!findings.length) return;
  const pushed = await pushedCommits(root, new Set(findings.map((f) => f.commit!)));
  if (!pushed) return;
  const specs = new Map(detector.rules.map((r) => [r.spec.id, r.spec]));
  for (const f of findings) {
    f.pushed = pushed.get(f.commit!) ?? null;
    const spec = specs.get(f.ruleId);
    if (spec) f.remediation = remediationSteps(spec, { file: f.file, commit: f.commit, pushed: f.pushed });
  }
}

/** Which of the path-limited rules apply at a path; '' when no rule depends on the path. */
function pathClassifier(detector: Detector): ((path: string) => string) | undefined {
  const limited = detector.rules.filter((r) => r.spec.paths?.length || r.spec.allow?.paths?.length);
  if (!limited.length) return undefined;
  return (p) => limited.map((r) => (r.appliesTo(p) && !r.allowsPath(p) ? '1' : '0')).join('');
}

async function gitVersion(root: string): Promise<[number, number]> {
  const { git } = await import('../git/repo.js');
  const m = /(\d+)\.(\d+)/.exec(await git(root).raw(['--version']));
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

const gitHonoursNoLazyFetch = ([major, minor]: [number, number]) => major > 2 || (major === 2 && minor >= 44);
