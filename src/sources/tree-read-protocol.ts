import type { MessagePort } from 'node:worker_threads';
import type { WindowRule } from '../detect/window-plan.js';
import { emptyStats, type SkipReason } from './fragment.js';
import { READ_BUFFER } from './listed-file.js';

/**
 * What the main thread sends the tree reader thread (tree-read-thread.ts): first the keywords, when the thread is
 * started (it builds its scanner and ring while the tree is walked), then the files.
 */
export type TreeReadRequest =
  | {
      t: 'prepare';
      /** The keywords the main thread's prefilter numbers (Detector.threadPlan): hits name them by index. */
      keywords: string[];
      /** The detector's content rules, in order (null: not windowed): the thread chooses their windows. */
      rules: (WindowRule | null)[];
      /** The keywords of the content rules that are not windowed (they run on whole texts). */
      wholeText: number[];
      /**
       * A file whose windows the thread chose, with none to search and no keyword of a rule run on whole texts,
       * comes back as clean (its size only): no rule can match it. Off for `--debug`, which lists the rules a
       * path allowlist drops in it.
       */
      settle: boolean;
      /** The thread chooses a file's windows only while it is at least this many bytes of ring ahead of the main thread. */
      planAhead: number;
      ringBytes: number;
      /** Int32 cells shared with the main thread (RELEASED, POSTED, HUNGRY, NEXT). */
      control: SharedArrayBuffer;
      /** Where the answers go: the main thread takes them off this port without turning its event loop. */
      port: MessagePort;
    }
  | {
      t: 'read';
      /** Absolute paths, in report order, and whether the walk saw each as a regular file (1) or not (0). */
      files: string[];
      regular: Uint8Array;
      maxFileSize: number;
    };

/**
 * The thread's answers. `files`: records of six int32 each, in file order (see RECORD), the hits they point at
 * (packHits), the bytes of files too large for a ring slot (transferred), and the details of skips.
 */
export type TreeReadAnswer =
  | { t: 'ring'; buffer: SharedArrayBuffer; offset: number }
  | { t: 'files'; records: Int32Array; hits: Int32Array; windows: Int32Array; large: ArrayBuffer[]; skips: string[] }
  | { t: 'done' }
  | { t: 'error'; message: string };

/**
 * One record: file index, kind, ring offset (text) or skip code, byte length, start of its hits (packHits), start of
 * its windows (planWindows), flags (ASCII, UTF8), ring position to release after it.
 */
export const RECORD = 8;
export const ASCII = 1;
/** UTF-8 without a byte-order mark. */
export const UTF8 = 2;
export const enum Kind {
  Text = 0,
  /** Text too large for a ring slot: its bytes came along in `large`. */
  Large = 1,
  /** Binary: skipped, unless a whole-file rule wants it (the main thread then reads it itself). */
  Binary = 2,
  Skip = 3,
  /** Text without a keyword: no rule can match it (only its size comes back). */
  Clean = 4,
}

/** The cell of the control memory where the main thread says how far into the ring it is done (bytes, modulo 2^32). */
export const RELEASED = 0;
/** The cell the thread bumps after each answer it posts: the main thread waits on it when it has none to take. */
export const POSTED = 1;
/** The cell the main thread sets while it waits for an answer: the thread then posts what it has at once. */
export const HUNGRY = 2;
/**
 * The cell that hands the files over: the index of the next file the main thread reads itself, which it takes by
 * moving the cell on (compare-and-swap), until the thread, once started, swaps in TAKEN_OVER and reads from there.
 */
export const NEXT = 3;
export const TAKEN_OVER = -1;
export const CONTROL_CELLS = 4;
/** A file is read into a slot of the read buffer's size; a larger one into a buffer of its own. */
export const FILE_SLOT = READ_BUFFER;

/** Skip reasons by number, in the order the stats count them. */
export const SKIP_CODES = Object.keys(emptyStats().skipped) as SkipReason[];

/** Appends a text's keyword hits: how many keywords, then each one's index, count and offsets. */
export function packHits(ends: readonly (number[] | undefined)[], out: number[]): void {
  const at = out.length;
  out.push(0);
  let n = 0;
  for (let k = 0; k < ends.length; k++) {
    const list = ends[k];
    if (list === undefined) continue;
    n++;
    out.push(k, list.length);
    for (let i = 0; i < list.length; i++) out.push(list[i]!);
  }
  out[at] = n;
}

/** Puts the hits packed at `from` into `ends` (emptied by the caller); returns how many keywords they name. */
export function unpackHits(hits: Int32Array, from: number, ends: (number[] | undefined)[]): number {
  const n = hits[from]!;
  let p = from + 1;
  for (let j = 0; j < n; j++) {
    const k = hits[p++]!;
    const count = hits[p++]!;
    const list: number[] = new Array(count);
    for (let i = 0; i < count; i++) list[i] = hits[p++]!;
    ends[k] = list;
  }
  return n;
}
