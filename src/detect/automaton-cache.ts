import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A keyword automaton's tables (aho-corasick.ts): what building one from its keywords gives. */
export interface AutomatonTables {
  fold: Uint8Array;
  delta: Int32Array;
  outputs: (number[] | undefined)[];
  width: number;
}

/**
 * Bumped whenever building an automaton changes (its classes, its table layout): a file written by another
 * build is then not read.
 */
const FORMAT = 1;

interface Entry {
  keywords: string[];
  width: number;
  outputs: (number[] | null)[];
  /** Byte offsets in the file of the fold table (0x10000 bytes) and of delta (4 bytes a cell). */
  fold: number;
  delta: number;
  cells: number;
}

/** Where the build puts the built-in rules' automata: beside dist/rules.json. */
export function defaultAutomataPath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'automata.bin');
}

/**
 * Writes automata built by the build (`npm run build`) for the keyword lists that scans with the built-in rules
 * use. Building one for 562 keywords costs a scan ~35 ms of its start-up; reading it ~1 ms. Layout: a 4-byte
 * length, a JSON header (format, entries), then each entry's fold table and delta, 4-byte aligned.
 */
export function writeAutomata(tables: { keywords: readonly string[]; tables: AutomatonTables }[], file = defaultAutomataPath()): void {
  const entries: Entry[] = [];
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const { keywords, tables: t } of tables) {
    const fold = at;
    at += t.fold.length;
    const delta = at;
    at += t.delta.byteLength;
    entries.push({ keywords: [...keywords], width: t.width, outputs: t.outputs.map((o) => o ?? null), fold, delta, cells: t.delta.length });
    parts.push(t.fold, new Uint8Array(t.delta.buffer, t.delta.byteOffset, t.delta.byteLength));
  }
  const header = Buffer.from(JSON.stringify({ format: FORMAT, entries }));
  const pad = (4 - ((4 + header.length) % 4)) % 4;
  const head = Buffer.alloc(4 + header.length + pad, 0x20);
  head.writeUInt32LE(header.length + pad, 0);
  header.copy(head, 4);
  fs.writeFileSync(file, Buffer.concat([head, ...parts]));
}

let loaded: { base: number; bytes: Buffer; entries: Entry[] } | null | undefined;

/**
 * The automaton the build wrote for exactly these keywords, in this order, or undefined. The build's file is read
 * once per process; another `file` (tests) at each call.
 */
export function cachedAutomaton(keywords: readonly string[], file?: string): AutomatonTables | undefined {
  if (file === undefined && loaded === undefined) loaded = read(defaultAutomataPath());
  const all = file === undefined ? loaded : read(file);
  if (!all) return undefined;
  const e = all.entries.find((x) => x.keywords.length === keywords.length && x.keywords.every((k, i) => k === keywords[i]));
  const { bytes, base } = all;
  // A file cut short (or otherwise damaged) is no automaton: the keywords are then built into one as usual.
  if (!e || e.cells !== e.outputs.length * e.width || base + e.fold + 0x10000 > bytes.length || base + e.delta + e.cells * 4 > bytes.length) return undefined;
  // Copies: the tables outlive the file's buffer, and delta needs 4-byte alignment of its own.
  const fold = new Uint8Array(bytes.subarray(base + e.fold, base + e.fold + 0x10000));
  const delta = new Int32Array(e.cells);
  new Uint8Array(delta.buffer).set(bytes.subarray(base + e.delta, base + e.delta + e.cells * 4));
  return { fold, delta, outputs: e.outputs.map((o) => o ?? undefined), width: e.width };
}

function read(file: string): { base: number; bytes: Buffer; entries: Entry[] } | null {
  try {
    const bytes = fs.readFileSync(file);
    const size = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.toString('utf8', 4, 4 + size)) as { format: number; entries: Entry[] };
    return header.format === FORMAT ? { base: 4 + size, bytes, entries: header.entries } : null;
  } catch {
    return null;
  }
}
