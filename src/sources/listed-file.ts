import type { Fragment, SkipReason } from './fragment.js';
import { binaryFragment, bytesFragment, readTextFile } from './read-text.js';

/** A file the walk found: absolute path, path in the report, and whether the walk saw a regular file. */
export interface ListedFile {
  abs: string;
  rel: string;
  regular: boolean;
}

/** The read buffer's size (`ReadOptions.into`): most source files fit; a larger one is read into a buffer of its own. */
export const READ_BUFFER = 1024 * 1024;

/** What reading one listed file gave: a fragment to scan, or a skip with its reason. */
export type FileOutcome = { fragment: Fragment; bytes: number } | { skip: SkipReason; detail: string };
/** The same as plain data (a worker thread's answer): the file's size only (a UTF-16 fragment has no bytes). */
export type CountedOutcome = { bytes: number } | { skip: SkipReason; detail: string };

/** The read's settings: `readsBinary` names the paths whose binary bytes a whole-file rule wants. */
export interface ReadOptions {
  maxFileSize: number;
  readsBinary?: (rel: string) => boolean;
  /** A buffer that files which fit are read into, one after the other: a fragment's bytes last until the next read. */
  into?: Buffer;
}

/**
 * Reads one listed file as the working-tree scan does: text bytes, or binary bytes for a whole-file rule's path,
 * or a skip. Pure apart from the read: the caller counts the outcome (`WorkingTreeSource.count`), so that a
 * worker thread can read files too.
 */
export function readListedFile(file: ListedFile, opts: ReadOptions): FileOutcome {
  const result = readTextFile(file.abs, opts.maxFileSize, file.regular, opts.into);
  if ('skip' in result && result.buf && opts.readsBinary?.(file.rel)) return { fragment: binaryFragment(file.rel, result.buf), bytes: result.buf.length };
  if ('skip' in result) return { skip: result.skip, detail: result.detail };
  return { fragment: bytesFragment(file.rel, result.buf), bytes: result.buf.length };
}
