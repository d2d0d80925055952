import type { Lines } from './line-windows.js';

/**
 * Maps offsets in a text to 1-based line/column; the line index is built only when first needed. On UTF-8
 * bytes (the detector's windowed path) offsets are byte offsets and columns count bytes: the detector asks
 * bytes only for line numbers and line texts.
 */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: Lines) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      const text = this.text;
      let i = -1;
      if (typeof text === 'string') while ((i = text.indexOf('\n', i + 1)) !== -1) starts.push(i + 1);
      else while ((i = text.indexOf(10, i + 1)) !== -1) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  /** 0-based line number that contains `offset`. */
  lineOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 1-based line and column (column counts UTF-16 code units from the start of the line). */
  position(offset: number): { line: number; column: number } {
    const l = this.lineOf(offset);
    return { line: l + 1, column: offset - this.lineStarts()[l]! + 1 };
  }

  /** The text of 0-based line `l` without its line terminator (CR of CRLF removed). */
  lineText(l: number): string | undefined {
    if (l < 0) return undefined;
    const starts = this.lineStarts();
    if (l >= starts.length) return undefined;
    const end = l + 1 < starts.length ? starts[l + 1]! - 1 : this.text.length;
    const s = typeof this.text === 'string' ? this.text.slice(starts[l], end) : decode(this.text, starts[l]!, end);
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  }
}

/** The bytes as a Buffer over the same memory (no copy), for its native searches and decoders. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** UTF-8 bytes[from, to) as a string; `ascii`: they are known to be ASCII (decoded as latin1, a plain copy). */
export function decode(bytes: Uint8Array, from: number, to: number, ascii = false): string {
  return asBuffer(bytes).toString(ascii ? 'latin1' : 'utf8', from, to);
}
