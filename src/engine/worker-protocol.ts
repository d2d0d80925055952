import type { Candidate, DetectResult, Dropped } from '../detect/detector.js';
import type { CompiledRule } from './rule-types.js';
import type { Fragment } from '../sources/fragment.js';
import { decodeText } from '../sources/read-text.js';
import type { CountedOutcome, ListedFile } from '../sources/listed-file.js';

/**
 * What crosses between the main thread and a detection worker: plain data only. A fragment travels as its
 * bytes (moved, not copied, when they own their memory) or its text; a candidate names its rule by index
 * in the detector's rule list, which both threads build from the same specs in the same order.
 */
export interface WireFragment {
  path: string;
  bytes?: Uint8Array;
  text?: string;
  startLine?: number;
}

export interface WireCandidate extends Omit<Candidate, 'rule'> {
  rule: number;
}

export interface WireResult {
  candidates: WireCandidate[];
  dropped: Dropped[];
}

export interface BatchRequest {
  id: number;
  fragments: WireFragment[];
}

/** Working-tree files for a worker to read itself (see files-shared.ts): paths cross, never contents. */
export interface FilesRequest {
  id: number;
  files: ListedFile[];
  maxFileSize: number;
}

/** One file's answer: what reading it gave (its size or a skip) and, when read, the detector's result. */
export interface FileResult {
  outcome: CountedOutcome;
  result?: WireResult;
}

export type WorkerMessage = { id: number; results: WireResult[] } | { id: number; files: FileResult[] };

/**
 * The fragment as plain data, and the buffers to transfer. Bytes that share their memory with other data
 * (Node's small-buffer pool, git's output chunks) are copied once into memory of their own; bytes that own
 * theirs are moved, which leaves `fragment.bytes` empty on this thread: callers read only path and commit
 * data afterwards. `lines` stays behind: the main thread applies it (see `fromWire`).
 */
export function toWireFragment(fragment: Fragment, transfer: ArrayBuffer[]): WireFragment {
  const { path, startLine } = fragment;
  const bytes = fragment.bytes;
  if (!bytes) return { path, text: fragment.text, startLine };
  const own = ownMemory(bytes);
  transfer.push(own.buffer as ArrayBuffer);
  return { path, bytes: own, startLine };
}

/** The bytes in memory of their own, which postMessage can move: as they are when they own theirs, else a copy. */
export function ownMemory(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
}

/** The fragment again, as the main thread had it: bytes with their text decoded on first read, or the text. */
export function fromWireFragment(w: WireFragment): Fragment {
  if (!w.bytes) return { path: w.path, text: w.text ?? '', startLine: w.startLine };
  const bytes = Buffer.from(w.bytes.buffer, w.bytes.byteOffset, w.bytes.byteLength);
  let text: string | undefined;
  return {
    path: w.path,
    bytes,
    startLine: w.startLine,
    get text() {
      return (text ??= decodeText(bytes));
    },
  };
}

/** Worker side: the detector's answer with rules replaced by their index; dropped candidates only when asked for (--debug). */
export function toWireResult(r: DetectResult, ruleIndex: Map<CompiledRule, number>, dropped: boolean): WireResult {
  return { candidates: r.candidates.map((c) => ({ ...c, rule: ruleIndex.get(c.rule)! })), dropped: dropped ? r.dropped : [] };
}

/**
 * Main side: the worker's answer with this thread's rules, and the fragment's `lines` applied as the detector
 * would have (a candidate on a line the fragment does not own is dropped as 'not-added-line').
 */
export function fromWireResult(w: WireResult, rules: CompiledRule[], fragment: Fragment): DetectResult {
  const out: DetectResult = { candidates: [], dropped: w.dropped };
  for (const c of w.candidates) {
    const rule = rules[c.rule]!;
    if (fragment.lines && !fragment.lines.has(c.line)) {
      out.dropped.push({ ruleId: rule.spec.id, file: fragment.path, line: c.line, secret: c.secret, reason: 'not-added-line', detail: 'the line is not added by this change' });
      continue;
    }
    out.candidates.push({ ...c, rule });
  }
  return out;
}
