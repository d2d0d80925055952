import { GitError } from '../errors.js';
import { openBlobSource, type BlobSource, type RingSpace } from '../git/threaded-blob-reader.js';
import { readLog, ZERO_OID, type LogCommit, type LogQuery, type RawEntry } from '../git/raw-log.js';
import { CHUNK_BYTES, chunkText } from './chunk-text.js';
import { binaryFragment, bytesFragment, looksBinary } from './read-text.js';
import { emptyStats, type CommitInfo, type Fragment, type SkipReason, type Source, type SourceStats } from './fragment.js';

export interface GitHistoryOptions {
  /** The repository's top level (or git dir when bare); paths are relative to it. */
  repo: string;
  query: LogQuery;
  /**
   * The walk does not start at the root commits (--range, --since, --max-commits): the previous version of
   * each changed file is scanned too, as a baseline, so that a secret already there is not blamed on the range.
   */
  bounded: boolean;
  maxFileSize: number;
  /**
   * A partial clone (`git clone --filter`) lacks blobs on purpose: they are skipped with a note. In any other
   * repository a missing or unreadable blob is damage, and the scan fails rather than look clean.
   */
  partial?: boolean;
  /** Paths that are never read (the config's allowlisted paths). */
  exclude?: (path: string) => boolean;
  /**
   * Blobs are scanned once per class of path: rules limited to some paths can see the same content
   * differently at another path. Returns '' when every rule treats every path alike.
   */
  pathClass?: (path: string) => string;
  onSkip?: (file: string, reason: SkipReason, detail: string) => void;
  /** Binary blobs at these paths are yielded (binary fragments) for the whole-file rules, not skipped. */
  readsBinary?: (path: string) => boolean;
  /** Where the blob reader's ring may live (Detector.scanSpace). */
  ringSpace?: RingSpace;
  onProgress?: (stats: HistoryStats) => void;
}

export interface HistoryStats extends SourceStats {
  commits: number;
}

interface Job {
  commit: CommitInfo;
  path: string;
  blob: string;
  baseline: boolean;
}

/**
 * Blob reads in flight: keeps git decompressing while keyward scans, with bounded memory (the reader thread's ring
 * holds what git answers). 64 left git idle now and then (~8 MB of requests on the large history corpus); 512: 3.83
 * -> 3.74 s.
 */
const WINDOW = 512;
const SUBMODULE = '160000';
const SYMLINK = '120000';

/**
 * Every blob ever committed (in the walked commits), once, oldest first, as a fragment attributed to the first
 * commit and path that brought it in. Streams `git log --raw` and `git cat-file --batch`: memory grows with
 * the number of distinct blobs (their ids), never with the log.
 */
export class GitHistorySource implements Source {
  readonly stats: HistoryStats = { ...emptyStats(), commits: 0 };
  readonly notes: string[] = [];
  private readonly seen = new Set<string>();
  private readonly baseline = new WeakSet<Fragment>();
  private missing = 0;

  constructor(private readonly opts: GitHistoryOptions) {}

  /** True for fragments that hold a file as it was before the walked range (never reported). */
  isBaseline(f: Fragment): boolean {
    return this.baseline.has(f);
  }

  /** Whether this blob was read at a path of this path's class. */
  hasRead(blob: string, path: string): boolean {
    return this.seen.has(this.key(blob, path));
  }

  async *fragments(): AsyncIterable<Fragment> {
    const reader = openBlobSource(this.opts.repo, this.opts.ringSpace);
    // Requested, not yet read, in request order. An index, not shift(): a first commit can add 100,000 files.
    let pending: Job[] = [];
    let next = 0;
    const take = () => {
      const job = pending[next++]!;
      if (next > 1024 && next * 2 > pending.length) [pending, next] = [pending.slice(next), 0];
      return job;
    };
    try {
      for await (const commit of readLog(this.opts.repo, this.opts.query)) {
        this.stats.commits++;
        const info: CommitInfo = { sha: commit.sha, author: commit.author, email: commit.email, date: commit.date };
        for (const job of this.jobs(commit, info)) {
          reader.request(job.blob);
          pending.push(job);
        }
        while (pending.length - next > WINDOW) yield* await this.read(reader, take());
        this.opts.onProgress?.(this.stats);
      }
      while (pending.length > next) yield* await this.read(reader, take());
    } finally {
      await reader.close();
    }
    this.addNotes();
  }

  private *jobs(commit: LogCommit, info: CommitInfo): Generator<Job> {
    for (const e of commit.entries) {
      if (ZERO_OID.test(e.blob)) continue;
      if (e.mode === SUBMODULE || e.mode === SYMLINK) {
        this.skipOnce(e, e.mode === SUBMODULE ? 'submodule' : 'symlink');
        continue;
      }
      if (this.opts.exclude?.(e.path)) continue;
      if (this.opts.bounded) {
        for (const before of e.before) {
          if (ZERO_OID.test(before) || !this.claim(before, e.path, 'base:')) continue;
          yield { commit: info, path: e.path, blob: before, baseline: true };
        }
      }
      if (this.claim(e.blob, e.path)) yield { commit: info, path: e.path, blob: e.blob, baseline: false };
    }
  }

  /** The blob's fragments: one, or several pieces of a large file (see chunkText); none when skipped. */
  private async read(reader: BlobSource, job: Job): Promise<Iterable<Fragment>> {
    const r = await reader.next(this.opts.maxFileSize);
    const skip = (reason: SkipReason, detail: string): Fragment[] => {
      if (job.baseline) return [];
      this.stats.skipped[reason]++;
      this.opts.onSkip?.(`${job.path} @ ${job.commit.sha.slice(0, 12)}`, reason, detail);
      return [];
    };
    if ('missing' in r) {
      if (!this.opts.partial)
        throw new GitError(
          `cannot read blob ${r.oid} (${job.path} in commit ${job.commit.sha.slice(0, 12)}): it is missing or corrupt`,
          'the repository is damaged: run `git fsck` to see what is broken (recover the object from another clone); nothing was reported as clean',
        );
      if (!job.baseline) this.missing++;
      return skip('unreadable', `blob ${r.oid} is not in the repository`);
    }
    if ('tooLarge' in r) return skip('tooLarge', `${r.size} bytes > limit ${this.opts.maxFileSize}`);
    if (looksBinary(r.content)) return this.opts.readsBinary?.(job.path) ? [this.binary(r.content, job)] : skip('binary', 'contains NUL bytes');
    if (!job.baseline) {
      this.stats.files++;
      this.stats.bytes += r.size;
    }
    return this.pieces(r.content, job);
  }

  /** A binary blob for the whole-file rules. */
  private binary(content: Buffer, job: Job): Fragment {
    const f = binaryFragment(job.path, content, { commit: job.commit, blob: job.blob });
    if (job.baseline) this.baseline.add(f);
    else {
      this.stats.files++;
      this.stats.bytes += content.length;
    }
    return f;
  }

  /** Lazily, so that only one piece of a large file is in memory as a string at a time. */
  private *pieces(content: Buffer, job: Job): Generator<Fragment> {
    // A blob of one piece keeps its bytes: the keyword pass reads them, and most blobs are then never decoded.
    const whole = content.length <= CHUNK_BYTES ? [bytesFragment(job.path, content, { startLine: 1, commit: job.commit, blob: job.blob })] : undefined;
    for (const f of whole ?? this.chunks(content, job)) {
      if (job.baseline) this.baseline.add(f);
      yield f;
    }
  }

  private *chunks(content: Buffer, job: Job): Generator<Fragment> {
    for (const c of chunkText(content)) {
      // The piece's text is decoded, and its first line counted, only if the detector asks (a keyword in its bytes, a match).
      yield {
        path: job.path,
        bytes: c.bytes,
        lines: c.owned,
        commit: job.commit,
        blob: job.blob,
        get startLine() {
          return c.startLine;
        },
        get text() {
          return c.text;
        },
      };
    }
  }

  /** Marks (blob, class of path) as taken; false when it was already. Baseline reads use their own `base:` keys. */
  private claim(blob: string, path: string, prefix = ''): boolean {
    const key = prefix + this.key(blob, path);
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  private key(blob: string, path: string): string {
    const cls = this.opts.pathClass?.(path) ?? '';
    // The id's raw bytes in a string of its own: a 40-character slice of git's output line would keep the whole
    // line alive, for each of the (possibly millions of) blobs remembered here.
    const id = Buffer.from(blob, 'hex').toString('latin1');
    return cls ? `${id}:${cls}` : id;
  }

  private skipOnce(e: RawEntry, reason: SkipReason): void {
    if (!this.claim(e.blob, '')) return;
    this.stats.skipped[reason]++;
    this.opts.onSkip?.(e.path, reason, reason === 'submodule' ? `submodule at commit ${e.blob}` : 'symbolic link');
  }

  private addNotes(): void {
    const sub = this.stats.skipped.submodule;
    if (sub) this.notes.push(`${sub} submodule commit${sub === 1 ? '' : 's'} skipped: a submodule is a separate repository; run keyward history inside it`);
    if (this.missing) this.notes.push(`${this.missing} blob${this.missing === 1 ? ' was' : 's were'} missing from the object database (partial or damaged clone) and not scanned`);
  }
}
