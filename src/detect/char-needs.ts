import type { CharNeed } from '../engine/required-chars.js';

/**
 * A rule's needed characters (src/engine/required-chars.ts) as one byte table: bit i of `table[b]` says that byte
 * `b` of UTF-8 text is a character of need i (every byte from 0x80 up for a need that may hold a non-ASCII one).
 */
export interface NeedTable {
  table: Uint8Array;
  /** The bits of all needs. */
  all: number;
}

export function needTable(needs: readonly CharNeed[]): NeedTable | undefined {
  if (needs.length === 0) return undefined;
  if (needs.length > 8) throw new RangeError('a need table holds at most 8 needs');
  const table = new Uint8Array(256);
  needs.forEach((n, i) => {
    for (let k = 0; k < n.ascii.length; k++) table[n.ascii.charCodeAt(k)]! |= 1 << i;
    if (n.nonAscii) for (let b = 0x80; b < 0x100; b++) table[b]! |= 1 << i;
  });
  return { table, all: (1 << needs.length) - 1 };
}

/** True when bytes [from, to) hold a character of every need: else no match of the rule lies in them. */
export function holdsNeeds(bytes: Uint8Array, from: number, to: number, needs: NeedTable): boolean {
  const { table, all } = needs;
  let seen = 0;
  for (let i = from; i < to; i++) {
    seen |= table[bytes[i]!]!;
    if (seen === all) return true;
  }
  return false;
}
