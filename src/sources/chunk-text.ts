import { countNewlines } from '../detect/line-windows.js';
import { decodeText, hasUtf8Bom, isUtf16 } from './read-text.js';

export interface TextChunk {
  /** Decoded on first read. */
  readonly text: string;
  /** The UTF-8 bytes `text` is decoded from (the keyword pass reads these), unless the text is not decoded from them alone. */
  bytes?: Buffer;
  /** File line number of the first line of `text` (for pieces, counted from the bytes when first read). */
  readonly startLine: number;
  /** The lines this chunk reports findings for (undefined: all of them, the text is the whole file). */
  owned?: { has(line: number): boolean };
}

/** Pieces of about this many bytes: a 9 MB generated file is scanned in pieces, never held as one huge string. */
export const CHUNK_BYTES = 512 * 1024;
/** Each piece reads on this far past its end, so that a secret starting near the end is seen whole. */
export const OVERLAP_BYTES = 32 * 1024;

const NL = 10;

/**
 * Splits large UTF-8 content at line breaks into overlapping pieces, each owning a range of lines: a finding
 * is reported by the piece that owns its first line, so none is lost or doubled at a boundary. A piece also
 * starts one line early, so an allow comment on the line before its first owned line still counts.
 * Content with a UTF-16 byte-order mark, or smaller than a piece, is returned whole.
 */
export function* chunkText(buf: Buffer, size = CHUNK_BYTES, overlap = OVERLAP_BYTES): Generator<TextChunk> {
  if (buf.length <= size || isUtf16(buf)) {
    yield { text: decodeText(buf), startLine: 1 };
    return;
  }
  const len = buf.length;
  const nextLineStart = (i: number) => {
    if (i >= len) return len;
    const j = buf.indexOf(NL, i);
    return j === -1 ? len : j + 1;
  };
  // Line numbers are counted only for the pieces that ask (a finding): most pieces hold none.
  const lineAt = lineCounter(buf);
  let ownStart = 0;
  while (ownStart < len) {
    const ownEnd = nextLineStart(ownStart + size);
    const textEnd = ownEnd >= len ? len : nextLineStart(ownEnd + overlap);
    const previousLine = ownStart === 0 ? 0 : buf.lastIndexOf(NL, ownStart - 2) + 1;
    const contextStart = ownStart - previousLine > overlap ? ownStart : previousLine;
    const [from, to, last] = [ownStart, ownEnd, ownEnd >= len];
    let first: number | undefined;
    let end: number | undefined;
    const owned = { has: (l: number) => l >= (first ??= lineAt(from)) && (last || l < (end ??= lineAt(to))) };
    yield lazyText(buf.subarray(contextStart, textEnd), contextStart === 0, () => lineAt(contextStart), owned);
    ownStart = ownEnd;
  }
}

/**
 * The 1-based line number at each byte offset asked for, counting the line feeds between it and the offset
 * asked before (the offsets a piece asks for lie close together, and pieces come in order).
 */
function lineCounter(buf: Buffer): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    line += offset >= at ? countNewlines(buf, at, offset) : -countNewlines(buf, offset, at);
    at = offset;
    return line;
  };
}

/**
 * A piece's bytes and its text, decoded on first read. Only the file's start may hold a byte-order mark
 * (decodeText drops it); a piece that starts with those bytes elsewhere keeps them as text, and no bytes.
 * Built as one literal: spreading an object with a getter would call it, and decode every piece up front.
 */
function lazyText(bytes: Buffer, fileStart: boolean, firstLine: () => number, owned: TextChunk['owned']): TextChunk {
  const bomInside = !fileStart && hasUtf8Bom(bytes);
  let startLine: number | undefined;
  let text: string | undefined;
  return {
    ...(bomInside ? {} : { bytes }),
    owned,
    get startLine() {
      return (startLine ??= firstLine());
    },
    get text() {
      return (text ??= bomInside ? bytes.toString('utf8') : decodeText(bytes));
    },
  };
}
