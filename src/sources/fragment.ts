/** The unit every source yields and the detector consumes: some text, where it came from, and nothing else. */

export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** ISO 8601. */
  date: string;
}

export interface Fragment {
  /** Path relative to the scan root, `/` separators. */
  path: string;
  /** The text. Sources that read bytes may compute it lazily (see `bytesFragment`): the detector reads it only on a keyword hit. */
  readonly text: string;
  /** The UTF-8 bytes `text` was decoded from, when the source has them: the keyword prefilter runs on these without decoding. */
  bytes?: Uint8Array;
  /**
   * The bytes are not text (a NUL byte): only whole-file rules (`file:` in a rule) look at them. Sources yield
   * such fragments only for paths the detector asks for (`Detector.readsBinary`).
   */
  binary?: boolean;
  /**
   * The keyword hits in `bytes`, found already by the source (a reader thread's keyword scanner): fills `ends` as
   * KeywordMatcher.locateBytes would (emptied by the caller) and returns how many keywords occur.
   */
  located?: (ends: (number[] | undefined)[]) => number;
  /** File line number of the first line of `text` (1 unless the text is a slice of a file). */
  startLine?: number;
  commit?: CommitInfo;
  /** Git object id of the text, when it was read from git (history scans). */
  blob?: string;
  /**
   * When set, only findings that start on one of these file lines are reported (staged scans: added lines;
   * history scans: the lines a piece of a large file owns).
   */
  lines?: { has(line: number): boolean };
}

/** Why a file was not scanned. Each reason is counted in `stats.skipped`. */
export type SkipReason = 'binary' | 'tooLarge' | 'unreadable' | 'symlink' | 'special' | 'submodule';

export interface SourceStats {
  files: number;
  bytes: number;
  skipped: Record<SkipReason, number>;
}

export function emptyStats(): SourceStats {
  return { files: 0, bytes: 0, skipped: { binary: 0, tooLarge: 0, unreadable: 0, symlink: 0, special: 0, submodule: 0 } };
}

/** A source yields fragments and counts what it read and skipped in `stats`. */
export interface Source {
  readonly stats: SourceStats;
  /** Notes worth telling the user (shallow clone, skipped submodule…). */
  readonly notes: string[];
  /**
   * A fragment's bytes may last only until the next fragment is asked for (a history's ring, a tree scan's read
   * buffer): a consumer that keeps a fragment longer copies them (worker-protocol.ts does).
   */
  fragments(): AsyncIterable<Fragment>;
}
