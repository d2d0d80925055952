/** A text, or the UTF-8 bytes of one: lines end with a line feed in both. */
export type Lines = string | Uint8Array;

/**
 * The parts of `text` a rule's regex needs to see: each line holding one of its keywords (`offsets`: sorted
 * positions of keyword characters), plus `span` lines after it and `before` lines before it (for rules whose
 * matches can cover a few lines; `before` is 0 for a rule whose matches start on a keyword's line), each part
 * ending with its line's newline. Overlapping and adjacent parts merge; they come back in
 * text order as [from, to) offsets. Linear in the text: each hit's line is found from the hit, not from the start.
 * On bytes the same parts come back as byte offsets (a line feed is one byte in UTF-8).
 */
export function lineWindows(text: Lines, offsets: ArrayLike<number>, span = 0, before = span): [number, number][] {
  const out: [number, number][] = [];
  const len = text.length;
  let hitLineEnd = -1;
  for (let h = 0; h < offsets.length; h++) {
    const p = offsets[h]!;
    if (p < hitLineEnd) continue; // on the line of the previous hit
    const lineStart = p === 0 ? 0 : lastNewline(text, p - 1) + 1;
    hitLineEnd = lineEnd(text, p);
    const last = out[out.length - 1];
    let from = lineStart;
    for (let i = 0; i < before && from > 0 && (!last || from > last[1]); i++) from = from <= 1 ? 0 : lastNewline(text, from - 2) + 1;
    let to = hitLineEnd;
    for (let i = 0; i < span && to < len; i++) to = lineEnd(text, to);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/**
 * The whole lines holding each part [lo, hi) of `parts` (pairs, in order; non-empty parts), merged where they meet:
 * [from, to) pairs, each from a line's start to just after its newline (or the text's end).
 */
export function wholeLines(text: Lines, parts: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const from = parts[i]! === 0 ? 0 : lastNewline(text, parts[i]! - 1) + 1;
    const to = lineEnd(text, parts[i + 1]! - 1);
    if (out.length > 0 && from <= out[out.length - 1]!) out[out.length - 1] = Math.max(out[out.length - 1]!, to);
    else out.push(from, to);
  }
  return out;
}

/** The offset just after the newline that ends the line holding `i` (the text's length on the last line). */
function lineEnd(text: Lines, i: number): number {
  const nl = typeof text === 'string' ? text.indexOf('\n', i) : text.indexOf(10, i);
  return nl === -1 ? text.length : nl + 1;
}

/** The last line feed at or before `i` (0 <= i), or -1. */
function lastNewline(text: Lines, i: number): number {
  return typeof text === 'string' ? text.lastIndexOf('\n', i) : text.lastIndexOf(10, i);
}

/** How many line feeds bytes[from, to) holds. */
export function countNewlines(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10, from); i !== -1 && i < to; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}
