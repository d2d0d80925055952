import fg from 'fast-glob';
import fs from 'node:fs';
import path from 'node:path';
import { splitNul } from '../git/stream.js';
import { findWorkTree } from '../git/work-tree.js';
import { gitOutput, runGit } from '../git/run-git.js';
import { emptyStats, type Fragment, type SkipReason, type Source } from './fragment.js';
import type { TreeReadThread } from './threaded-tree-reader.js';
import { READ_BUFFER, readListedFile, type CountedOutcome, type FileOutcome, type ListedFile, type ReadOptions } from './listed-file.js';

export interface WorkingTreeOptions {
  /** Folder that reported paths are relative to. */
  root: string;
  /** Files or folders to scan (absolute). */
  targets: string[];
  /** Honour .gitignore (and git's other excludes) when inside a repository. */
  respectGitignore: boolean;
  /** The work tree that holds `root` (undefined: none), when the caller asked git already: a target equal to `root` is not asked again. */
  rootWorkTree?: { tree: string | undefined };
  maxFileSize: number;
  /** Paths (root-relative) that are not read at all, e.g. the config's allowlisted paths. */
  exclude?: (rel: string) => boolean;
  /** Binary files at these paths are yielded (as binary fragments) for the whole-file rules, not skipped. */
  readsBinary?: (rel: string) => boolean;
  /**
   * A buffer to read files into, asked for before the first read when at least READ_BUFFER_FILES files are listed
   * (a small scan never asks): the scan command gives room in the keyword scanner's memory, where bytes are
   * scanned without a copy.
   */
  readBuffer?: (bytes: number) => Buffer | undefined;
  /**
   * A thread to read a long listing on (threaded-tree-reader.ts), which finds the keywords too, or undefined: this
   * thread reads. Asked for once the walk listed READ_THREAD_FILES files (the caller may have started one before the
   * walk, see looksLong, for it to boot meanwhile).
   */
  readThread?: () => TreeReadThread | undefined;
  /**
   * Called for a file read on the reader thread that holds no keyword, instead of yielding it: no rule can match it
   * (the progress display counts it).
   */
  onClean?: (file: string) => void;
  /** Called for each skipped file (for --debug). */
  onSkip?: (file: string, reason: SkipReason, detail: string) => void;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/**
 * Files a scan lists for it to ask for the read buffer. Asking builds the keyword scanner (~25 ms), which a scan of a
 * few files never needs; and asking before the first read, not once 256 KB were read, made the tree corpus's scan
 * 1.28 s instead of 1.34 s (interleaved, six pairs).
 */
const READ_BUFFER_FILES = 256;
/** Files a scan lists for it to read them on a thread of their own (~3 ms of this thread to start one). */
const READ_THREAD_FILES = 256;

/** Walks files under the targets with fast-glob (dotfiles included, `.git/` never, symlinks never followed). */
export class WorkingTreeSource implements Source {
  readonly stats = emptyStats();
  readonly notes: string[] = [];
  constructor(private readonly opts: WorkingTreeOptions) {}

  /**
   * What `readListedFile` needs to read `files` on this thread: plain data apart from `readsBinary` (a worker
   * thread asks its own detector) and the read buffer (`readBuffer`), asked for when there are enough files.
   */
  readOptions(files: readonly ListedFile[]): ReadOptions {
    const opts: ReadOptions = { maxFileSize: this.opts.maxFileSize, readsBinary: this.opts.readsBinary };
    if (files.length >= READ_BUFFER_FILES && this.opts.readBuffer) opts.into = this.opts.readBuffer(READ_BUFFER);
    return opts;
  }

  /** Each fragment's bytes last until the next fragment is asked for: files are read into one buffer (`readBuffer`). */
  async *fragments(): AsyncIterable<Fragment> {
    const files = await this.listed();
    const thread = files.length >= READ_THREAD_FILES ? this.opts.readThread?.() : undefined;
    thread?.read(files, this.opts.maxFileSize);
    try {
      const opts = this.readOptions(files);
      let i = 0;
      for (; i < files.length && (!thread || thread.take(i)); i++) {
        const outcome = readListedFile(files[i]!, opts);
        this.count(files[i]!, outcome);
        if ('fragment' in outcome) yield outcome.fragment;
      }
      if (!thread || i === files.length) return;
      const here: ReadOptions = { maxFileSize: this.opts.maxFileSize, readsBinary: this.opts.readsBinary };
      for await (const { file, outcome, binary } of thread.rest()) {
        // A binary file that a whole-file rule wants: read again here (rare), for its bytes.
        const o = binary && this.opts.readsBinary?.(file.rel) ? readListedFile(file, here) : outcome;
        this.count(file, o);
        if ('skip' in o) continue;
        if (o.fragment) yield o.fragment;
        else this.opts.onClean?.(file.rel);
      }
    } finally {
      await thread?.close();
    }
  }

  /** The files the scan reads, in report order (walked, sorted, without the excluded paths). */
  async listed(): Promise<ListedFile[]> {
    const { exclude } = this.opts;
    const files = await this.listFiles();
    return exclude ? files.filter((f) => !exclude(f.rel)) : files;
  }

  /** Counts a file read by `readListedFile` (on this thread or a worker's) in `stats`, and reports a skip. */
  count(file: ListedFile, outcome: FileOutcome | CountedOutcome): void {
    if ('skip' in outcome) {
      this.stats.skipped[outcome.skip]++;
      this.opts.onSkip?.(file.rel, outcome.skip, outcome.detail);
      return;
    }
    this.stats.files++;
    this.stats.bytes += outcome.bytes;
  }

  /**
   * A cheap guess, before the walk, that it will list at least READ_THREAD_FILES files: the targets' folders, read
   * breadth first until that many entries are seen (~1 ms), leaving out .git and node_modules (mostly ignored).
   */
  static looksLong(targets: readonly string[]): boolean {
    const queue = [...targets];
    let seen = 0;
    for (let q = 0; q < queue.length && seen < READ_THREAD_FILES; q++) {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(queue[q]!, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (e.isDirectory()) {
          if (e.name !== '.git' && e.name !== 'node_modules') queue.push(path.join(queue[q]!, e.name));
        } else seen++;
      }
    }
    return seen >= READ_THREAD_FILES;
  }

  /**
   * Every non-directory under the targets, sorted by absolute path, each once; `regular`: the walk saw a regular
   * file. A walked file's paths are its target's plus the walk's relative path: no `path.relative` per file (with
   * the rest, ~40 ms of 8,600 files' listing).
   */
  private async listFiles(): Promise<ListedFile[]> {
    const { root } = this.opts;
    const byAbs = new Map<string, ListedFile>();
    for (const target of this.opts.targets) {
      const st = fs.lstatSync(target);
      if (!st.isDirectory()) {
        // Not `regular`: a named file is looked at again when read (a symbolic link is skipped there).
        byAbs.set(target, { abs: target, rel: toPosix(path.relative(root, target)), regular: false });
        continue;
      }
      const known = target === root ? this.opts.rootWorkTree : undefined;
      const ignored = this.opts.respectGitignore ? await gitIgnored(target, known) : { dirs: [], files: new Set<string>() };
      // '**/*', not '**': fast-glob's bare globstar never matches names that contain a line break.
      // Synchronous, as the reads are: nothing else runs meanwhile, and the walk takes ~20 ms less than through
      // the thread pool (tree corpus, page cache warm; with a cold cache the reads dominate either way).
      const entries = fg.sync('**/*', {
        cwd: target,
        dot: true,
        onlyFiles: false,
        followSymbolicLinks: false,
        suppressErrors: true,
        objectMode: true,
        // `**/.git` alone: a folder an ignore pattern matches is not entered, so nothing under it needs a pattern of
        // its own (one regex less per entry). One pattern lists each path once: fast-glob's de-duplication is not
        // needed. Both ~5 ms of the tree corpus's walk.
        ignore: ['**/.git', ...ignored.dirs],
        unique: false,
      });
      const relBase = toPosix(path.relative(root, target));
      const relPrefix = relBase === '' ? '' : `${relBase}/`;
      // fast-glob's paths use `/`: on POSIX they join the target as they are.
      const absPrefix = target.endsWith(path.sep) ? target : target + path.sep;
      for (const e of entries) {
        if (e.dirent.isDirectory()) continue;
        if (ignored.files.has(e.path)) continue;
        const abs = path.sep === '/' ? absPrefix + e.path : path.join(target, e.path);
        if (!byAbs.has(abs)) byAbs.set(abs, { abs, rel: relPrefix + e.path, regular: e.dirent.isFile() });
      }
    }
    return [...byAbs.keys()].sort().map((abs) => byAbs.get(abs)!);
  }
}

/**
 * Paths under `dir` that git ignores and does not track, relative to `dir`. Asking git (not parsing
 * .gitignore ourselves) makes nested .gitignore files, negations and global excludes count.
 */
async function gitIgnored(dir: string, known?: { tree: string | undefined }): Promise<{ dirs: string[]; files: Set<string> }> {
  if (!(known ? known.tree : await findWorkTree(dir))) return { dirs: [], files: new Set() };
  // Both questions at once (a git process each, ~10 ms apart otherwise).
  // `git ls-files -z -o -i --exclude-standard --directory` prints e.g. "node_modules/\0.env\0" (relative to cwd).
  // A plain child process: simple-git waits 50 ms after a command that prints nothing (nothing ignored).
  const listing = gitOutput(dir, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory', '--', '.']);
  listing.catch(() => undefined); // awaited below unless the folder is ignored
  // A folder that is itself ignored (say .bench/ or node_modules/x) was named on purpose: scan all of it.
  // (`git ls-files --directory` inside an ignored folder also fails: "directory entry not superset of prefix".)
  if (await isIgnored(dir)) return { dirs: [], files: new Set() };
  const out = await listing;
  const dirs: string[] = [];
  const files = new Set<string>();
  for (const p of splitNul(out)) {
    if (p.endsWith('/')) dirs.push(fg.escapePath(p) + '**');
    else files.add(p);
  }
  return { dirs, files };
}

/** `git check-ignore -q .` exits 0 when the folder is ignored, 1 when it is not. */
async function isIgnored(dir: string): Promise<boolean> {
  // runGit, not simple-git: simple-git resolves a non-zero exit that printed nothing as success.
  const r = await runGit(dir, ['check-ignore', '-q', '--', '.'], process.env, 'git check-ignore', [0, 1]);
  return r.code === 0;
}
