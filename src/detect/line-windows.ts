/**
 * The parts of `text` a rule's regex needs to see: each line holding one of its keywords (`offsets`: sorted
 * positions of keyword characters), plus `span` lines either side (for rules whose matches can cover a few
 * lines), each part ending with its line's newline. Overlapping and adjacent parts merge; they come back in
 * text order as [from, to) offsets. Linear in the text: each hit's line is found from the hit, not from the start.
 */
export function lineWindows(text: string, offsets: readonly number[], span = 0): [number, number][] {
  const out: [number, number][] = [];
  let hitLineEnd = -1;
  for (const p of offsets) {
    if (p < hitLineEnd) continue; // on the line of the previous hit
    const lineStart = p === 0 ? 0 : text.lastIndexOf('\n', p - 1) + 1;
    hitLineEnd = lineEnd(text, p);
    const last = out[out.length - 1];
    let from = lineStart;
    for (let i = 0; i < span && from > 0 && (!last || from > last[1]); i++) from = from <= 1 ? 0 : text.lastIndexOf('\n', from - 2) + 1;
    let to = hitLineEnd;
    for (let i = 0; i < span && to < text.length; i++) to = lineEnd(text, to);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** The offset just after the newline that ends the line holding `i` (the text's length on the last line). */
function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl + 1;
}
