import fs from 'node:fs/promises';
import { constants } from 'node:fs';
import type { SkipReason } from './fragment.js';

const SNIFF = 8000;

/** Decodes file bytes as text: UTF-16 with a BOM, else UTF-8 (invalid bytes become U+FFFD, never a throw). */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const body = Buffer.from(buf.subarray(2, buf.length - (buf.length % 2)));
    return body.swap16().toString('utf16le');
  }
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  return buf.toString('utf8', start);
}

/** True for content that is not text: a NUL byte near the start (UTF-16 with a BOM is text). */
export function looksBinary(buf: Buffer): boolean {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return false;
  return buf.subarray(0, SNIFF).includes(0);
}

export type ReadResult = { text: string; bytes: number } | { skip: SkipReason; detail: string };

/**
 * Reads a regular file as text, skipping (with a reason) anything that is not a regular file,
 * is larger than `maxSize`, is binary or cannot be read. Never blocks on a FIFO: it is never opened.
 */
export async function readTextFile(file: string, maxSize: number): Promise<ReadResult> {
  try {
    const st = await fs.lstat(file);
    if (st.isSymbolicLink()) return { skip: 'symlink', detail: 'symbolic link' };
    if (!st.isFile()) return { skip: 'special', detail: 'not a regular file' };
    if (st.size > maxSize) return { skip: 'tooLarge', detail: `${st.size} bytes > limit ${maxSize}` };
    // O_NONBLOCK: if the path was swapped for a FIFO after lstat, open must not hang.
    const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const hst = await handle.stat();
      if (!hst.isFile()) return { skip: 'special', detail: 'not a regular file' };
      if (hst.size > maxSize) return { skip: 'tooLarge', detail: `${hst.size} bytes > limit ${maxSize}` };
      const buf = await handle.readFile();
      if (looksBinary(buf)) return { skip: 'binary', detail: 'contains NUL bytes' };
      return { text: decodeText(buf), bytes: buf.length };
    } finally {
      await handle.close();
    }
  } catch (e) {
    return { skip: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
}
