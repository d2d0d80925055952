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
  /** What the source's reader thread found in `bytes` already (threaded-tree-reader.ts): the detector does not look again. */
  scanned?: ScannedBytes;
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

/** What a reader thread's keyword pass found in a fragment's bytes. */
export interface ScannedBytes {
  /** Fills `ends` (emptied by the caller) with the keyword hits, as KeywordMatcher.locateBytes would; returns how many keywords occur. */
  located(ends: (number[] | undefined)[]): number;
  /** The bytes are ASCII (isAscii); they are UTF-8 without a byte-order mark (the detector's byte windows need one of the two). */
  ascii: boolean;
  utf8: boolean;
  /**
   * For a windowed rule whose keywords occur (by its index among the detector's content rules), the windows it
   * searches, the needs and run checked (window-plan.ts): [from, to) byte pairs. Undefined: not worked out.
   */
  windows(rule: number): Int32Array | undefined;
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
