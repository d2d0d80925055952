import fs from 'node:fs';
import path from 'node:path';
import { GitError, UsageError } from '../errors.js';
import { readBlobs, type Blob, type CatFile } from '../git/read-blobs.js';
import { checkedContent, type DiffEntry } from '../git/parse-diff.js';
import type { RepoState } from '../git/staged-repo-state.js';
import { indexEntries } from '../git/ls-files.js';
import { addedLines, byPath, diffBases, stagedDiff } from '../git/staged-diff.js';
import { emptyStats, type Fragment, type Source } from './fragment.js';
import { outcomesNote, type Outcome } from './staged-outcome.js';
import { binaryFragment, decodeText, looksBinary } from './read-text.js';

export interface StagedOptions {
  repo: RepoState;
  env: NodeJS.ProcessEnv;
  /** `stagedChanges(repo, env)`, started early so that git works while the rules load. */
  changes: Promise<DiffEntry[][]>;
  /** Paths named on the command line, relative to the repository root (`/` separators; '' is the root). */
  named: string[];
  maxFileSize: number;
  /**
   * The `git cat-file --batch` to read blobs from, started when first asked for: most commits need none, their
   * files' staged versions come with the diff (DiffEntry.content). The caller closes it.
   */
  catFile?: () => CatFile;
  /** Root-relative paths that are not read at all (the config's allowlisted paths). */
  exclude?: (rel: string) => boolean;
  onOutcome?: (file: string, outcome: Outcome) => void;
  /** Binary files at these paths are read whole (binary fragments) for the whole-file rules, not skipped. */
  readsBinary?: (rel: string) => boolean;
}

interface Item {
  path: string;
  srcPath: string;
  sha: string;
  /** Lines to report; undefined: the whole file (a named file without staged changes). */
  lines?: Set<number>;
  /** git called it binary, so its added lines are still unknown. */
  gitBinary: boolean;
  /** Its bytes, when the diff gave them (checked against `sha`). */
  content?: Buffer;
}

const MODE_SUBMODULE = '160000';
const MODE_SYMLINK = '120000';

/**
 * What the commit will contain: the index version of each staged file, reporting only the lines the commit
 * adds. Files named on the command line never narrow this (a lint-staged glob or a chunked invocation cannot
 * hide a staged key); a named file without a staged change is scanned in full from the index (what
 * `pre-commit run --all-files` expects). The working copy is never read.
 */
export class StagedSource implements Source {
  readonly stats = emptyStats();
  readonly notes: string[] = [];
  readonly outcomes: Array<[string, Outcome]> = [];
  /** Named files without a staged change, scanned in full: what they hold is already committed. */
  readonly fullyScanned = new Set<string>();
  private readonly recorded = new Set<string>();
  constructor(private readonly opts: StagedOptions) {}

  async *fragments(): AsyncIterable<Fragment> {
    const bases = diffBases(this.opts.repo);
    const [entries, ...others] = await this.opts.changes;
    const parents = others.map(byPath);
    if (parents.length) this.notes.push(`merge in progress: only lines new against every parent are checked (${parents.length + 1} parents)`);
    const items: Item[] = [];
    for (const e of entries!) {
      const lines = addedLines(e, parents);
      const outcome = this.stagedOutcome(e, lines);
      if (outcome) this.record(e.path, outcome);
      else items.push({ path: e.path, srcPath: e.srcPath, sha: e.dstSha, lines, gitBinary: e.binary, content: checkedContent(e) });
    }
    items.push(...(await this.namedItems(new Set(entries!.map((e) => e.path)))));
    yield* this.read(items, bases, parents.length > 0);
    this.summarize();
  }

  private stagedOutcome(e: DiffEntry, lines: Set<number>): Outcome | undefined {
    if (e.status === 'D') return 'deleted';
    if (e.status === 'U') return 'unmerged';
    if (e.dstMode === MODE_SUBMODULE) return 'submodule';
    if (e.dstMode === MODE_SYMLINK) return 'symlink';
    if (this.opts.exclude?.(e.path)) return 'allowlisted';
    if (!e.binary && lines.size === 0) return 'no-added-lines';
    return undefined;
  }

  /** Named files with no staged change, from the index. */
  private async namedItems(staged: Set<string>): Promise<Item[]> {
    const wanted = this.opts.named.filter((p) => !staged.has(p));
    if (wanted.length === 0) return [];
    const { repo, env } = this.opts;
    const index = await indexEntries(repo.top, env);
    const exact = new Map(index.map((e) => [e.path, e]));
    const items = new Map<string, Item>();
    for (const p of wanted) {
      const e = exact.get(p);
      const matches = e ? [e] : index.filter((x) => p === '' || x.path.startsWith(p + '/'));
      if (matches.length === 0) {
        if (!fs.existsSync(path.join(repo.top, p))) throw new UsageError(`path not found: ${p}`, 'name files relative to the current folder (or absolute); keyward scans their staged version');
        this.record(p, 'untracked');
      }
      for (const m of matches) {
        if (staged.has(m.path) || items.has(m.path) || this.recorded.has(m.path)) continue;
        const outcome: Outcome | undefined =
          m.stage !== '0' ? 'unmerged' : m.mode === MODE_SUBMODULE ? 'submodule' : m.mode === MODE_SYMLINK ? 'symlink' : this.opts.exclude?.(m.path) ? 'allowlisted' : undefined;
        if (outcome) this.record(m.path, outcome);
        else {
          items.set(m.path, { path: m.path, srcPath: m.path, sha: m.sha, gitBinary: false });
          this.fullyScanned.add(m.path);
        }
      }
    }
    return [...items.values()];
  }

  private async *read(items: Item[], bases: string[], merging: boolean): AsyncIterable<Fragment> {
    const { repo, env, maxFileSize } = this.opts;
    const deferred: Array<{ item: Item; text: string; size: number }> = [];
    // From git only the blobs the diff did not give.
    const shas = items.filter((i) => i.content === undefined).map((i) => i.sha);
    const blobs = shas.length === 0 ? undefined : this.opts.catFile ? this.opts.catFile().read(shas, maxFileSize) : readBlobs(repo.top, env, shas, maxFileSize);
    for await (const [item, blob] of inOrder(items, blobs, maxFileSize)) {
      if (!blob.content) this.record(item.path, 'tooLarge');
      else if (blob.size === 0) this.record(item.path, 'empty');
      else if (looksBinary(blob.content)) {
        if (this.opts.readsBinary?.(item.path)) yield this.binary(item, blob.content);
        else this.record(item.path, 'binary');
      }
      else if (item.lines && item.gitBinary) deferred.push({ item, text: decodeText(blob.content), size: blob.size });
      else yield this.fragment(item, decodeText(blob.content), blob.size);
    }
    if (deferred.length === 0) return;
    // git called these binary (attributes such as `-diff`, or UTF-16) but they are text: ask for their lines as text.
    const paths = deferred.flatMap((d) => [d.item.path, d.item.srcPath]);
    const [entries, ...others] = await Promise.all(bases.map((b) => stagedDiff(repo.top, env, b, { text: true, paths })));
    const mine = byPath(entries!);
    const parents = merging ? others.map(byPath) : [];
    for (const { item, text, size } of deferred) {
      const e = mine.get(item.path);
      item.lines = e ? addedLines(e, parents) : new Set();
      if (item.lines.size === 0) this.record(item.path, 'no-added-lines');
      else yield this.fragment(item, text, size);
    }
  }

  private fragment(item: Item, text: string, size: number): Fragment {
    if (item.lines && !item.gitBinary) {
      let last = 0;
      for (const l of item.lines) if (l > last) last = l;
      if (last > lineCount(text)) throw new GitError(`git's diff and the staged blob of ${item.path} disagree (line ${last} of ${lineCount(text)})`, 'this is a bug in keyward: please report it; nothing was reported as clean');
    }
    this.stats.files++;
    this.stats.bytes += size;
    this.record(item.path, 'scanned');
    return { path: item.path, text, lines: item.lines };
  }

  /** A binary file for the whole-file rules: the commit adds (or changes) all of it. */
  private binary(item: Item, content: Buffer): Fragment {
    this.stats.files++;
    this.stats.bytes += content.length;
    this.record(item.path, 'scanned');
    return binaryFragment(item.path, content);
  }

  private record(file: string, outcome: Outcome): void {
    this.outcomes.push([file, outcome]);
    this.recorded.add(file);
    if (outcome === 'binary' || outcome === 'tooLarge' || outcome === 'submodule' || outcome === 'symlink') this.stats.skipped[outcome]++;
    this.opts.onOutcome?.(file, outcome);
  }

  private summarize(): void {
    const note = outcomesNote(this.outcomes.map(([, o]) => o));
    if (note) this.notes.push(note);
  }
}

/** Each item with its blob, in turn: its own bytes when the diff gave them, else the next one git reads. */
async function* inOrder(items: Item[], fromGit: AsyncGenerator<Blob> | undefined, maxFileSize: number): AsyncGenerator<[Item, Blob]> {
  try {
    for (const item of items) {
      if (item.content) yield [item, { sha: item.sha, size: item.content.length, content: item.content.length <= maxFileSize ? item.content : undefined }];
      else {
        const next = await fromGit!.next();
        if (next.done) throw new GitError(`git cat-file gave no blob for ${item.path}`, 'this is a bug in keyward: please report it; nothing was reported as clean');
        yield [item, next.value];
      }
    }
  } finally {
    await fromGit?.return(undefined);
  }
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}
