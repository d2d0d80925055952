/** Maps offsets in a text to 1-based line/column; the line index is built only when first needed. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      let i = -1;
      while ((i = this.text.indexOf('\n', i + 1)) !== -1) starts.push(i + 1);
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
    const starts = this.lineStarts();
    if (l < 0 || l >= starts.length) return undefined;
    const end = l + 1 < starts.length ? starts[l + 1]! - 1 : this.text.length;
    const s = this.text.slice(starts[l], end);
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  }
}
