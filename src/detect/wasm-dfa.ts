import { HEADER, body, i32Func, name, op, section, uleb, vec, type Bytes } from './wasm-encode.js';

/**
 * The keyword automaton's byte loop in WebAssembly, about 2.7× the speed of the same loop in JavaScript
 * (README, Performance). Each step of a DFA waits for the previous one (the next row depends on the state),
 * so the loop runs four independent automata in lockstep, each over a quarter of the bytes: the processor
 * overlaps their table loads. Each quarter after the first starts `overlap` bytes early (the longest keyword
 * less one), so a keyword that straddles a cut is found whole; hits in those lead-in bytes are dropped.
 *
 * Memory: [0, 64) results, [64, 320) each byte's character class, then the transition table (one row per
 * state, one i32 per class, holding the next row's address, bit-inverted when keywords end there), then one
 * hit area per stream, then the piece of text being scanned (at most CHUNK bytes and the lead-in), then, from
 * the next page on, any spare room the caller asked for (a byte ring whose bytes are scanned in place). The
 * memory is shared and sized once, in `create`, so the views on it stay valid.
 */
/** Four: `scanPiece` spells the streams out. */
const STREAMS = 4;
const CLASSES = 64;
const TABLE = CLASSES + 256;
/** Hits each stream may record (8 bytes each); more (a file that is mostly keywords) falls back to JavaScript. */
const HITS_PER_STREAM = 32 * 1024;
const PAGE = 64 * 1024;
/** Bytes scanned per call: a larger text goes through in pieces of this size. */
const CHUNK = 1024 * 1024;
/**
 * Spare room every scanner has, asked for or not: a tree scan reads its files into it after the scanner is built
 * (pages the process never touches cost no memory).
 */
const SPARE_MIN = 1024 * 1024;

/**
 * One step of stream k over locals (state, pos, hit, hitEnd), at the byte `at` past pos: state = table row entry
 * for the class of that byte (the class lookup does not wait for the previous step, only the row lookup does); on a
 * hit, store (pos + at, state), bump hit and return 1 if its area is full.
 */
function step(state: number, pos: number, hit: number, hitEnd: number, at = 0): Bytes {
  return [
    ...op.get(state), ...op.get(pos), ...op.load8u(at), ...op.load8u(CLASSES), ...op.const(2), op.shl, op.add, ...op.load(), ...op.tee(state), ...op.const(0), op.ltS,
    ...op.if,
    ...op.get(state), ...op.const(-1), op.xor, ...op.set(state),
    ...op.get(hit), ...op.get(pos), ...(at ? [...op.const(at), op.add] : []), ...op.store(0), ...op.get(hit), ...op.get(state), ...op.store(4),
    ...op.get(hit), ...op.const(8), op.add, ...op.tee(hit), ...op.get(hitEnd), op.geU, ...op.if, ...op.const(1), op.return, op.end,
    op.end,
  ];
}

/** pos += n. */
const advance = (pos: number, n: number): Bytes => [...op.get(pos), ...op.const(n), op.add, ...op.set(pos)];

/** Stores locals [0, count) at memory [0, 4 * count). */
const saveLocals = (count: number): Bytes => Array.from({ length: count }, (_, l) => [...op.const(0), ...op.get(l), ...op.store(l * 4)]).flat();

/** Bytes each stream takes per round of the lockstep loop: one position update per round, not per byte. */
const UNROLL = 4;

/**
 * lockstep(state×K, pos×K, hit×K, hitEnd×K, rounds): `rounds` rounds of UNROLL steps of every stream (each stream's
 * steps in a row: ~10% faster than alternating the streams step by step); saves states, positions and hit pointers
 * at [0, 12K); returns 0, or 1 when a hit area filled up.
 */
function lockstep(): Bytes {
  const K = STREAMS;
  const rounds = 4 * K;
  const stream = (k: number): Bytes => [...Array.from({ length: UNROLL }, (_, u) => step(k, K + k, 2 * K + k, 3 * K + k, u)).flat(), ...advance(K + k, UNROLL)];
  return [
    ...op.block, ...op.loop,
    ...op.get(rounds), op.eqz, op.brIf, 1,
    ...Array.from({ length: K }, (_, k) => stream(k)).flat(),
    ...op.get(rounds), ...op.const(1), op.sub, ...op.set(rounds), op.br, 0,
    op.end, op.end,
    ...saveLocals(3 * K), ...op.const(0),
  ];
}

/** single(state, pos, end, hit, hitEnd): one stream up to `end`; saves state, position, hit pointer at [0, 12). */
function single(): Bytes {
  return [
    ...op.block, ...op.loop,
    ...op.get(1), ...op.get(2), op.geU, op.brIf, 1,
    ...step(0, 1, 3, 4), ...advance(1, 1), op.br, 0,
    op.end, op.end,
    ...op.const(0), ...op.get(0), ...op.store(0), ...op.const(0), ...op.get(1), ...op.store(4), ...op.const(0), ...op.get(3), ...op.store(8),
    ...op.const(0),
  ];
}

function moduleBytes(pages: number): Uint8Array {
  return new Uint8Array([
    ...HEADER,
    ...section(1, vec([i32Func(4 * STREAMS + 1), i32Func(5)])),
    // The memory comes from outside, shared (limits flag 3: shared, with a maximum): a byte ring another thread
    // fills can live in it, and its bytes are then scanned where they lie (see `create`).
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(pages), ...uleb(pages)]])),
    ...section(3, vec([[0], [1]])),
    ...section(7, vec([[...name('lockstep'), 0x00, 0], [...name('single'), 0x00, 1]])),
    ...section(10, vec([body(lockstep()), body(single())])),
  ]);
}

/** The part of the WebAssembly JS API used here (the project's `lib` settings do not declare it). */
interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}
declare const WebAssembly:
  | undefined
  | {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: object };
      Memory: new (desc: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
    };

interface Exports {
  lockstep: (...args: number[]) => number;
  single: (state: number, pos: number, end: number, hit: number, hitEnd: number) => number;
}

/** Where each part of the memory starts (see the layout above); `spareAt`: the first page after the scanner's own. */
interface Layout {
  hits: number;
  bytesAt: number;
  spareAt: number;
}

function layout(tableBytes: number, overlap: number): Layout {
  const hits = TABLE + tableBytes;
  const bytesAt = hits + STREAMS * HITS_PER_STREAM * 8;
  return { hits, bytesAt, spareAt: Math.ceil((bytesAt + CHUNK + overlap) / PAGE) * PAGE };
}

/** A place in shared memory: a byte ring that another thread fills can be put there (ByteRing.create). */
export interface SharedPlace {
  buffer: SharedArrayBuffer;
  offset: number;
}

/** A byte DFA scanner over a fixed table; one per automaton. */
export class WasmDfa {
  private readonly hits: number;
  private readonly bytesAt: number;
  private readonly bytes8: Uint8Array;
  private readonly words: Int32Array;
  /** Each stream's state, position and hit pointer after the lockstep run (reused from piece to piece). */
  private readonly states = new Int32Array(STREAMS);
  private readonly positions = new Int32Array(STREAMS);
  private readonly hitEnds = new Int32Array(STREAMS);

  /** Where the room asked for beyond the scanner's own memory starts (`spare`), and how many bytes it has. */
  readonly spareAt: number;
  get spareBytes(): number {
    return this.memory.buffer.byteLength - this.spareAt;
  }

  private constructor(
    private readonly x: Exports,
    readonly memory: WasmMemory,
    private readonly overlap: number,
    /** Bytes per table row: one i32 per character class. */
    private readonly rowBytes: number,
    at: Layout,
  ) {
    ({ hits: this.hits, bytesAt: this.bytesAt, spareAt: this.spareAt } = at);
    this.bytes8 = new Uint8Array(memory.buffer);
    this.words = new Int32Array(memory.buffer);
  }

  /**
   * The automaton as KeywordMatcher keeps it: `delta[state * width + class]` = next state * width, bit-inverted
   * when keywords end in it, and `fold[byte]` = the byte's class. `overlap`: the longest keyword's length less
   * one. Undefined where WebAssembly is not available (`node --jitless`): the caller keeps its JavaScript loop.
   */
  static create(delta: Int32Array, fold: Uint8Array, width: number, overlap: number, spare = 0): WasmDfa | undefined {
    if (typeof WebAssembly === 'undefined') return undefined;
    const at = layout(delta.length * 4, overlap);
    const pages = (at.spareAt + Math.ceil(Math.max(spare, SPARE_MIN) / PAGE) * PAGE) / PAGE;
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    const x = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes(pages)), { env: { memory } }).exports as unknown as Exports;
    const dfa = new WasmDfa(x, memory, overlap, width * 4, at);
    dfa.bytes8.set(fold.subarray(0, 256), CLASSES);
    for (let i = 0, rows = TABLE >> 2; i < delta.length; i++) {
      const v = delta[i]!;
      const row = TABLE + (v < 0 ? ~v : v) * 4;
      dfa.words[rows + i] = v < 0 ? ~row : row;
    }
    return dfa;
  }

  /**
   * Calls `hit(position, state)` wherever keywords end, in position order. False when a piece holds more hits
   * than the hit areas take: the hits given so far are then incomplete, and the caller scans in JavaScript
   * instead. Long texts go through in pieces, so memory stays small.
   */
  scan(bytes: Uint8Array, hit: (pos: number, state: number) => void): boolean {
    for (let lo = 0; lo < bytes.length; lo += CHUNK) if (!this.scanPiece(bytes, lo, Math.min(bytes.length, lo + CHUNK), hit)) return false;
    return true;
  }

  /**
   * Hits ending in bytes[lo, hi): the piece is copied with `overlap` bytes before it, for keywords that start
   * there, unless the bytes lie in this scanner's memory already (a ring in its spare room): scanned in place.
   * Written with plain locals and one fixed call (no arrays, no spread): it runs once per text and piece, and
   * the array-building version was optimised and thrown away by V8 five times in a tree scan (~250 ms of
   * compiling).
   */
  private scanPiece(bytes: Uint8Array, lo: number, hi: number, onHit: (pos: number, state: number) => void): boolean {
    const { x, bytesAt, hits, words, overlap, rowBytes } = this;
    const copied = Math.max(0, lo - overlap);
    const inPlace = bytes.buffer === this.memory.buffer;
    if (!inPlace) this.bytes8.set(bytes.subarray(copied, hi), bytesAt);
    /** Address of bytes[i] is base + i. */
    const base = inPlace ? bytes.byteOffset : bytesAt - copied;
    const area = HITS_PER_STREAM * 8;
    // Stream k scans [lo + k * quarter, its end), starting `overlap` bytes early (not before the copied lead-in).
    const quarter = Math.floor((hi - lo) / STREAMS);
    const f1 = lo + quarter;
    const f2 = f1 + quarter;
    const f3 = f2 + quarter;
    const s0 = copied;
    const s1 = Math.max(copied, f1 - overlap);
    const s2 = Math.max(copied, f2 - overlap);
    const s3 = Math.max(copied, f3 - overlap);
    // Every stream takes the same number of lockstep rounds; each finishes its own end alone below.
    const rounds = Math.floor(Math.min(f1 - s0, f2 - s1, f3 - s2, hi - s3) / UNROLL);
    const h0 = hits;
    const h1 = h0 + area;
    const h2 = h1 + area;
    const h3 = h2 + area;
    if (x.lockstep(TABLE, TABLE, TABLE, TABLE, base + s0, base + s1, base + s2, base + s3, h0, h1, h2, h3, h1, h2, h3, h3 + area, rounds) !== 0) return false;
    // lockstep left each stream's state, position and hit pointer in words [0, 12); single leaves its own in [0, 3).
    const states = this.states;
    const positions = this.positions;
    const hitEnds = this.hitEnds;
    for (let k = 0; k < STREAMS; k++) {
      states[k] = words[k]!;
      positions[k] = words[STREAMS + k]!;
      hitEnds[k] = words[2 * STREAMS + k]!;
    }
    for (let k = 0; k < STREAMS; k++) {
      const to = k === STREAMS - 1 ? hi : lo + (k + 1) * quarter;
      if (positions[k]! >= base + to) continue;
      if (x.single(states[k]!, positions[k]!, base + to, hitEnds[k]!, hits + (k + 1) * area) !== 0) return false;
      hitEnds[k] = words[2]!;
    }
    for (let k = 0; k < STREAMS; k++) {
      const from = lo + k * quarter;
      for (let i = (hits + k * area) >> 2, e = hitEnds[k]! >> 2; i < e; i += 2) {
        const pos = words[i]! - base;
        // A hit in the lead-in belongs to the previous stream or piece.
        if (pos >= from) onHit(pos, ((words[i + 1]! - TABLE) / rowBytes) | 0);
      }
    }
    return true;
  }
}
