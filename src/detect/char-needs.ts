import type { CharNeed, RunNeed } from '../engine/required-chars.js';

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

/**
 * True when bytes [from, to) hold a character of every need: else no match of the rule lies in them. Eight bytes
 * a step: most windows that fail are read to their end, and one test per byte made the loop ~1.7x slower.
 */
export function holdsNeeds(bytes: Uint8Array, from: number, to: number, needs: NeedTable): boolean {
  const { table: t, all } = needs;
  let seen = 0;
  let i = from;
  for (const end = to - 7; i < end; i += 8) {
    seen |= t[bytes[i]!]! | t[bytes[i + 1]!]! | t[bytes[i + 2]!]! | t[bytes[i + 3]!]! | t[bytes[i + 4]!]! | t[bytes[i + 5]!]! | t[bytes[i + 6]!]! | t[bytes[i + 7]!]!;
    if (seen === all) return true;
  }
  for (; i < to; i++) seen |= t[bytes[i]!]!;
  return seen === all;
}

/** A rule's needed run (src/engine/required-chars.ts) as a byte table: `table[b]` is non-zero for a byte of its class. */
export interface RunTable {
  table: Uint8Array;
  length: number;
}

/** The run's class as a need table of one need (the same bytes), and its length. */
export function runTable(run: RunNeed | undefined): RunTable | undefined {
  return run && { table: needTable([run])!.table, length: run.length };
}

/**
 * True when bytes [from, to) hold `length` bytes in a row of the run's class: else no match of the rule lies in
 * them (a non-ASCII character of the class is two or more such bytes). Looks at the last byte of each candidate
 * run first: a byte outside the class skips the run's length at once.
 */
export function holdsRun(bytes: Uint8Array, from: number, to: number, run: RunTable): boolean {
  const { table: t, length } = run;
  let i = from;
  while (i + length <= to) {
    const last = i + length - 1;
    if (!t[bytes[last]!]) {
      i = last + 1;
      continue;
    }
    let k = last - 1;
    while (k >= i && t[bytes[k]!]) k--;
    if (k < i) return true;
    i = k + 1;
  }
  return false;
}
