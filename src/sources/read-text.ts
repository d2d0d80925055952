import { isAscii } from 'node:buffer';
import fs, { constants } from 'node:fs';
import type { Fragment, SkipReason } from './fragment.js';

const SNIFF = 8000;

/** True when the bytes start with the UTF-8 byte-order mark (decodeText drops it). */
export function hasUtf8Bom(buf: Uint8Array): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/** Decodes file bytes as text: UTF-16 with a BOM, else UTF-8 (invalid bytes become U+FFFD, never a throw). */
export function decodeText(buf: Buffer): string {
  // Pure ASCII (most source code): latin1 gives the same string and is a plain copy.
  if (isAscii(buf)) return buf.toString('latin1');
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const body = Buffer.from(buf.subarray(2, buf.length - (buf.length % 2)));
    return body.swap16().toString('utf16le');
  }
  const start = hasUtf8Bom(buf) ? 3 : 0;
  return buf.toString('utf8', start);
}

/** True for content that is not text: a NUL byte near the start (UTF-16 with a BOM is text). */
export function looksBinary(buf: Buffer): boolean {
  if (isUtf16(buf)) return false;
  return buf.subarray(0, SNIFF).includes(0);
}

/** True for UTF-16 text (a byte order mark): its bytes are not UTF-8, so the prefilter needs the decoded text. */
export function isUtf16(buf: Uint8Array): boolean {
  return buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
}

/** What a source may tell of bytes besides their path (see Fragment). */
export type FragmentExtra = Pick<Fragment, 'scanned' | 'startLine' | 'commit' | 'blob'>;

/** A fragment whose text is decoded from `buf` only when first read (the prefilter reads the bytes). */
export function bytesFragment(path: string, buf: Buffer, extra: FragmentExtra = {}): Fragment {
  if (isUtf16(buf)) return { ...extra, path, text: decodeText(buf) };
  return new BytesFragment(path, buf, extra);
}

/**
 * A class, not an object literal with a getter: a literal spreading the extras took ~4.5 µs to make (V8 builds such an
 * object on its slow path), ~25 ms of a tree scan's main thread for 4,300 fragments; this takes well under 0.1 µs.
 */
class BytesFragment implements Fragment {
  private decoded: string | undefined;
  readonly scanned: Fragment['scanned'];
  readonly startLine: number | undefined;
  readonly commit: Fragment['commit'];
  readonly blob: string | undefined;

  constructor(
    readonly path: string,
    readonly bytes: Buffer,
    extra: FragmentExtra,
  ) {
    this.scanned = extra.scanned;
    this.startLine = extra.startLine;
    this.commit = extra.commit;
    this.blob = extra.blob;
  }

  get text(): string {
    return (this.decoded ??= decodeText(this.bytes));
  }
}

/** Binary bytes for the whole-file rules (`Detector.readsBinary`): no text, only `bytes`. */
export function binaryFragment(path: string, buf: Buffer, extra: Partial<Fragment> = {}): Fragment {
  return { ...extra, path, text: '', bytes: buf, binary: true };
}

/** A binary file's skip carries its bytes, for the whole-file rules. */
export type ReadResult = { buf: Buffer } | { skip: SkipReason; detail: string; buf?: Buffer };

/**
 * Reads a regular file's bytes for scanning as text, skipping (with a reason) anything that is not a
 * regular file, is larger than `maxSize`, is binary or cannot be read. Never blocks on a FIFO: it is
 * never opened. A file that fits in `into` is read there: its bytes last until the next read into it.
 * Synchronous on purpose: for files in the page cache, one open/fstat/read/close in a row costs a fraction
 * of the promise API's round trips through the thread pool (see README, Performance).
 */
export function readTextFile(file: string, maxSize: number, listedAsRegular = false, into?: Buffer): ReadResult {
  try {
    // A walk that just saw a regular file has done lstat's job; O_NOFOLLOW and fstat below still catch a swap.
    if (!listedAsRegular) {
      const st = fs.lstatSync(file);
      if (st.isSymbolicLink()) return { skip: 'symlink', detail: 'symbolic link' };
      if (!st.isFile()) return { skip: 'special', detail: 'not a regular file' };
      if (st.size > maxSize) return { skip: 'tooLarge', detail: `${st.size} bytes > limit ${maxSize}` };
    }
    // O_NONBLOCK: if the path was swapped for a FIFO after lstat, open must not hang; O_NOFOLLOW: nor follow a symlink.
    let fd: number;
    try {
      fd = fs.openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') return { skip: 'symlink', detail: 'symbolic link' };
      throw e;
    }
    try {
      // A file the walk listed as regular that fits in `into` is read without fstat (~30 ms of a 8,600-file tree).
      const head = listedAsRegular && into ? readHead(fd, into) : undefined;
      let buf: Buffer;
      if (head && head.length < into!.length) {
        if (head.length > maxSize) return { skip: 'tooLarge', detail: `${head.length} bytes > limit ${maxSize}` };
        buf = head;
      } else {
        const hst = fs.fstatSync(fd);
        if (!hst.isFile()) return { skip: 'special', detail: 'not a regular file' };
        if (hst.size > maxSize) return { skip: 'tooLarge', detail: `${hst.size} bytes > limit ${maxSize}` };
        buf = readAll(fd, hst.size, into, head);
      }
      if (looksBinary(buf)) return { skip: 'binary', detail: 'contains NUL bytes', buf };
      return { buf };
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    return { skip: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
}

/**
 * The file's first bytes, read into `into` in one call, or undefined when there are none or the read fails: a
 * short read at offset 0 of a regular file holds all of it. What most often swaps a listed file since the walk is
 * caught by fstat after an undefined or full answer: `pread` fails on a FIFO, socket or directory, and the usual
 * devices fill `into` or give nothing. (A device that gives a few bytes would be scanned as a file's text.)
 */
function readHead(fd: number, into: Buffer): Buffer | undefined {
  try {
    const n = fs.readSync(fd, into, 0, into.length, 0);
    return n > 0 ? into.subarray(0, n) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads up to `size` bytes (the file may shrink or grow while we read; we keep what fstat promised, at most),
 * into `into` when they fit there; `head`: the first bytes, already read into `into`.
 */
function readAll(fd: number, size: number, into?: Buffer, head?: Buffer): Buffer {
  const buf = into && size <= into.length ? into : Buffer.allocUnsafe(size);
  let off = head ? Math.min(head.length, size) : 0;
  if (head && buf !== into) head.copy(buf, 0, 0, off);
  while (off < size) {
    const n = fs.readSync(fd, buf, off, size - off, off);
    if (n === 0) break;
    off += n;
  }
  return off === buf.length ? buf : buf.subarray(0, off);
}
