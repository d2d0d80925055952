import { DEFAULT_MAX_FILE_SIZE } from '../config/config.js';
import { GitError } from '../errors.js';
import { blobId } from './object-id.js';
import { quoteCStyle } from './quote-path.js';

/** One changed path between a tree and the index, with the new-file lines the change adds. */
export interface DiffEntry {
  /** A added, M modified, D deleted, R renamed, T type changed, U unmerged. */
  status: string;
  srcMode: string;
  dstMode: string;
  srcSha: string;
  dstSha: string;
  /** Path in the index (the destination), relative to the repository root, `/` separators. */
  path: string;
  /** Path in the tree (differs from `path` for renames). */
  srcPath: string;
  /** git printed "Binary files … differ" instead of hunks. */
  binary: boolean;
  /** 1-based line numbers of the index version that the change adds. */
  added: number[];
  /**
   * The index version's bytes as the diff shows them (its context and added lines, when one hunk holds the whole
   * file), not yet checked: `checkedContent` gives them once they hash to `dstSha`. Undefined when git printed no
   * lines for it (binary, no change of content).
   */
  content?: Buffer;
}

/**
 * Lines of context around each change: more than a file can have, so that each changed file's one hunk holds all of
 * its index version. (Not 2^31 - 1: git adds it to line numbers in a C long, 32 bits on Windows.)
 */
const WHOLE_FILE = 999_999_999;

/**
 * The flags keyward's staged scan runs `git diff-index` with. Plumbing, so the user's diff.* settings
 * (noprefix, relative, external, orderFile…) cannot change the format; every format choice is explicit. Files over
 * keyward's default size limit are binary to it (core.bigFileThreshold): with the whole file as context they would
 * come back whole through it, where cat-file reads past a file over the limit.
 */
export const DIFF_FLAGS = [
  '-c', 'core.quotePath=true',
  '-c', 'diff.suppressBlankEmpty=false',
  '-c', `core.bigFileThreshold=${DEFAULT_MAX_FILE_SIZE}`,
  'diff-index', '--cached', '--raw', '-p', '-z', `-U${WHOLE_FILE}`, '--no-abbrev', '-M',
  '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/',
];

/*
 * Parses `git diff-index --cached --raw -p -z -U<n> -M …` output (NULs shown as @; here with -U0, one line of
 * context would be a line starting with a space):
 *
 *   :100644 100644 de98044…1e a7bc997…93 R050@f.txt@g.txt@:000000 100644 0000000…00 8352675…67 A@bin.dat@
 *   :100644 000000 dca917f…fd 0000000…00 U@c.txt@@* Unmerged path c.txt
 *   diff --git a/bin.dat b/bin.dat
 *   new file mode 100644
 *   index 0000000..8352675
 *   Binary files /dev/null and b/bin.dat differ
 *   diff --git a/f.txt b/g.txt
 *   similarity index 50%
 *   rename from f.txt
 *   rename to g.txt
 *   index de98044..a7bc997 100644
 *   --- a/f.txt
 *   +++ b/g.txt
 *   @@ -2 +2 @@ a
 *   -b
 *   +B
 *   @@ -3,0 +4 @@ c
 *   +d
 *
 * The raw records (NUL-terminated, paths verbatim) come first, then an empty record, then one patch
 * section per record in the same order: two for a type change (old side deleted, new side added), a
 * "* Unmerged path" line for an unmerged path. Each section header is checked against its record, and hunk
 * bodies are consumed by their line counts, so file content can never be mistaken for a header. Anything
 * unexpected throws: a hook that misreads git must fail, not pass. With context as long as the file (DIFF_FLAGS),
 * a changed text file's one hunk holds its whole index version: its context and added lines, in order, are the
 * file's lines (`\ No newline at end of file` after one of them: the file ends without one): `content`.
 */
export function parseDiff(out: Buffer): DiffEntry[] {
  const s = out.toString('latin1');
  const { entries, end } = parseRaw(s);
  const lines = s.slice(end).split('\n');
  let i = 0;
  const fail = (why: string): never => {
    throw new GitError(`cannot read git's diff output: ${why} (line ${i + 1} of the patch)`, 'this is a bug in keyward: please report it with your `git --version`; nothing was reported as clean');
  };
  for (const e of entries) {
    if (e.status === 'U') {
      for (const want of `* Unmerged path ${e.path}`.split('\n')) if (lines[i++] !== want) fail(`expected the unmerged path ${e.path}`);
      continue;
    }
    const header = `diff --git ${quoteCStyle('a/' + e.srcPath)} ${quoteCStyle('b/' + e.path)}`;
    for (let section = e.status === 'T' ? 2 : 1; section > 0; section--) {
      if (lines[i++] !== header) fail(`expected "${header}"`);
      e.binary = false;
      while (i < lines.length && !isSectionStart(lines[i]!) && !lines[i]!.startsWith('@@ ')) {
        if (lines[i]!.startsWith('Binary files ')) e.binary = true;
        i++;
      }
      const hunks: Hunk[] = [];
      while (i < lines.length && lines[i]!.startsWith('@@ ')) {
        const h = readHunk(lines, i, e.added, fail);
        hunks.push(h);
        i = h.next;
      }
      if (e.status !== 'T' && hunks.length === 1) e.content = wholeFile(hunks[0]!);
    }
  }
  if (lines.slice(i).some((l) => l !== '')) fail('unexpected trailing output');
  for (const e of entries) {
    e.path = utf8(e.path);
    e.srcPath = utf8(e.srcPath);
  }
  return entries;
}

function isSectionStart(line: string): boolean {
  return line.startsWith('diff --git ') || line.startsWith('* Unmerged path ');
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** One hunk as read: where it starts in the index version, and that side's lines (context and added, in order). */
interface Hunk {
  next: number;
  newStart: number;
  newLines: string[];
  /** `\ No newline at end of file` followed the index side's last line. */
  newEndsBare: boolean;
}

/** Reads one hunk starting at its header, pushing added line numbers; `next` is the index after it. */
function readHunk(lines: string[], i: number, added: number[], fail: (why: string) => never): Hunk {
  const m = HUNK.exec(lines[i]!) ?? fail('bad hunk header');
  let oldLeft = m[1] === undefined ? 1 : Number(m[1]);
  let newLeft = m[3] === undefined ? 1 : Number(m[3]);
  const newStart = Number(m[2]);
  let line = newStart;
  const newLines: string[] = [];
  let newEndsBare = false;
  let last: string | undefined;
  i++;
  const marker = () => {
    // "\ No newline at end of file": the line before it ends its side(s) without one.
    if (last === '+' || last === ' ') newEndsBare = true;
  };
  while (oldLeft > 0 || newLeft > 0) {
    const l = lines[i++];
    if (l === undefined) fail('hunk cut short');
    const kind = l![0];
    if (kind === '+' && newLeft > 0) {
      added.push(line++);
      newLines.push(l!.slice(1));
      newLeft--;
    } else if (kind === '-' && oldLeft > 0) oldLeft--;
    else if (kind === ' ' && oldLeft > 0 && newLeft > 0) {
      line++;
      newLines.push(l!.slice(1));
      oldLeft--;
      newLeft--;
    } else if (kind === '\\') marker();
    else fail('hunk line does not match its header');
    if (kind !== '\\') last = kind;
  }
  while (lines[i]?.startsWith('\\')) i++, marker();
  return { next: i, newStart, newLines, newEndsBare };
}

/** The index version's bytes from a hunk that holds all of it; undefined for a hunk that does not start the file. */
function wholeFile(h: Hunk): Buffer | undefined {
  if (h.newStart > 1 || h.newLines.length === 0) return undefined;
  return Buffer.from(h.newLines.join('\n') + (h.newEndsBare ? '' : '\n'), 'latin1');
}

/**
 * The entry's staged bytes from the diff when they hash to its blob id (git's diff may take a file unchanged since
 * `git add` from the working copy), else undefined: read it from git. Asked only for the files a scan reads, so
 * that a merge's diffs against its other parents, deletions and allowlisted files are not hashed.
 */
export function checkedContent(e: DiffEntry): Buffer | undefined {
  return e.content && blobId(e.content) === e.dstSha ? e.content : undefined;
}

/** The NUL-separated raw records at the start of the output; `end` is where the patch text begins. */
function parseRaw(s: string): { entries: DiffEntry[]; end: number } {
  const entries: DiffEntry[] = [];
  let i = 0;
  const field = () => {
    const z = s.indexOf('\0', i);
    if (z < 0) throw new GitError("cannot read git's diff output: a raw record is not NUL-terminated");
    const f = s.slice(i, z);
    i = z + 1;
    return f;
  };
  while (s[i] === ':') {
    const [srcMode, dstMode, srcSha, dstSha, status] = field().slice(1).split(' ');
    const kind = (status ?? '')[0] ?? '';
    const first = field();
    const second = kind === 'R' || kind === 'C' ? field() : first;
    entries.push({ status: kind, srcMode: srcMode!, dstMode: dstMode!, srcSha: srcSha!, dstSha: dstSha!, path: second, srcPath: first, binary: false, added: [] });
  }
  if (s[i] === '\0') i++;
  return { entries, end: i };
}

const utf8 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');
