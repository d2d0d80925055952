import { cachedAutomaton } from './automaton-cache.js';
import { WasmDfa, type SharedPlace } from './wasm-dfa.js';

/** Below this many bytes (not in WebAssembly memory already) the JavaScript loop answers: copying them there costs more. */
const WASM_AFTER = 4096;

/**
 * A table-driven Aho-Corasick automaton over lower-cased keywords: one pass over the text finds every
 * keyword, whatever their number (gitleaks does the same over the lower-cased fragment). Case is folded
 * per UTF-16 code unit through a lookup table instead of lower-casing the whole text first.
 */
export class KeywordMatcher {
  /** Character class of each UTF-16 code unit (0: in no keyword). */
  readonly fold: Uint8Array;
  /**
   * delta[state * width + class] = next state * width (pre-multiplied: one add per character),
   * bit-inverted (negative) when keywords end in the next state.
   */
  readonly delta: Int32Array;
  /** `delta` with one column per byte value (state * 256 + byte): no case-folding lookup per byte. Built on first use. */
  private byteDelta: Int32Array | undefined;
  /** Keyword indices ending in each state (fail-link outputs included). */
  readonly outputs: (number[] | undefined)[];
  readonly width: number;
  /** Empty keywords occur in every text. */
  private readonly empty: number[];
  /** The byte loop in WebAssembly over the folded table (built on first use); null where it is off or unavailable. */
  private wasm: WasmDfa | null | undefined;

  /**
   * `wasm: false` keeps the byte scan in JavaScript (tests compare the two; the benchmark measures the lever).
   * `cached: false` builds the automaton even when the build wrote one for these keywords (automaton-cache.ts).
   */
  constructor(
    readonly keywords: readonly string[],
    private readonly opts: { wasm?: boolean; cached?: boolean } = {},
  ) {
    this.empty = keywords.flatMap((k, i) => (k.length === 0 ? [i] : []));
    const cached = opts.cached === false ? undefined : cachedAutomaton(keywords);
    if (cached) {
      ({ fold: this.fold, width: this.width, delta: this.delta, outputs: this.outputs } = cached);
      return;
    }
    this.fold = new Uint8Array(0x10000);
    this.width = buildFold(keywords, this.fold) + 1;
    const { delta, outputs } = buildAutomaton(keywords, this.fold, this.width);
    this.delta = delta;
    this.outputs = outputs;
  }

  /**
   * Where each keyword occurs: appends to `ends[k]` the index of the last character of every occurrence of
   * keyword k in `text`, in order (an empty keyword gets an empty list: it occurs everywhere). Returns how
   * many keywords occur.
   */
  locate(text: string, ends: (number[] | undefined)[]): number {
    const { fold, delta, outputs, width } = this;
    let found = this.markEmpty(ends);
    let s = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      s = delta[s + fold[text.charCodeAt(i)]!]!;
      if (s >= 0) continue;
      s = ~s;
      for (const k of outputs[s / width]!) {
        const list = ends[k];
        if (list) list.push(i);
        else (ends[k] = [i]), found++;
      }
    }
    return found;
  }

  /** `locate` over UTF-8 bytes (ASCII keywords): the offsets are byte offsets, equal to string offsets only for ASCII text. */
  locateBytes(bytes: Uint8Array, ends: (number[] | undefined)[]): number {
    const { outputs } = this;
    let found = this.markEmpty(ends);
    // Bytes in the scanner's own memory (a tree scan's read buffer, a history ring) need no copy: any size goes there.
    const wasm = bytes.length >= WASM_AFTER || (this.wasm && bytes.buffer === this.wasm.memory.buffer) ? this.wasmDfa() : null;
    if (wasm) {
      const complete = wasm.scan(bytes, (i, state) => {
        for (const k of outputs[state]!) {
          const list = ends[k];
          if (list) list.push(i);
          else (ends[k] = [i]), found++;
        }
      });
      if (complete) return found;
      found = this.markEmpty(ends.fill(undefined));
    }
    const delta = (this.byteDelta ??= byteTable(this.delta, this.fold, this.width));
    let s = 0;
    for (let i = 0, n = bytes.length; i < n; i++) {
      s = delta[s + bytes[i]!]!;
      if (s >= 0) continue;
      s = ~s;
      for (const k of outputs[s >>> 8]!) {
        const list = ends[k];
        if (list) list.push(i);
        else (ends[k] = [i]), found++;
      }
    }
    return found;
  }

  /**
   * `bytes` of shared memory inside the WebAssembly scanner's own (a byte ring that another thread fills, a tree
   * scan's read buffer: bytes put there are scanned where they lie, without a copy), or undefined: no
   * WebAssembly, or the scanner was built already with less room. One user at a time: every caller gets the same room.
   */
  spare(bytes: number): SharedPlace | undefined {
    const wasm = this.wasm === undefined ? this.wasmDfa(bytes) : this.wasm;
    return wasm && bytes <= wasm.spareBytes ? { buffer: wasm.memory.buffer, offset: wasm.spareAt } : undefined;
  }

  private wasmDfa(spare = 0): WasmDfa | null {
    if (this.wasm === undefined) {
      const overlap = Math.max(0, ...this.keywords.map((k) => k.length - 1));
      this.wasm = this.opts.wasm === false ? null : (WasmDfa.create(this.delta, this.fold, this.width, overlap, spare) ?? null);
    }
    return this.wasm;
  }

  private markEmpty(ends: (number[] | undefined)[]): number {
    for (const k of this.empty) ends[k] = [];
    return this.empty.length;
  }
}

/**
 * Gives each distinct keyword character a class and maps every code unit that lower-cases to it
 * (upper case, and the Kelvin sign for k) to the same class. Returns the number of classes.
 */
function buildFold(keywords: readonly string[], fold: Uint8Array): number {
  const chars = [...new Set(keywords.join(''))].map((c) => c.charCodeAt(0));
  if (chars.length > 254) throw new Error('too many distinct keyword characters for the prefilter');
  chars.forEach((c, i) => (fold[c] = i + 1));
  if (chars.every((c) => c < 0x80)) {
    for (let c = 0x41; c <= 0x5a; c++) fold[c] = fold[c + 32]!;
    fold[0x212a] = fold[0x6b]!; // KELVIN SIGN lower-cases to "k"
    fold[0x130] = fold[0x69]!; // "İ" lower-cases to "i" + a combining dot: may only add hits
  } else {
    // Rare (non-ASCII keywords): ask the runtime about every code unit once.
    for (let c = 0; c < 0x10000; c++) {
      const lower = String.fromCharCode(c).toLowerCase();
      const cls = fold[lower.charCodeAt(0)]!;
      if (cls && fold[c] === 0) fold[c] = cls;
    }
  }
  return chars.length;
}

function buildAutomaton(keywords: readonly string[], fold: Uint8Array, width: number): { delta: Int32Array; outputs: (number[] | undefined)[] } {
  // Trie: goto[state][class] (0 = none); state 0 is the root.
  const goto: Int32Array[] = [new Int32Array(width)];
  const own: number[][] = [[]];
  keywords.forEach((kw, k) => {
    let s = 0;
    for (let i = 0; i < kw.length; i++) {
      const c = fold[kw.charCodeAt(i)]!;
      if (goto[s]![c] === 0) {
        goto[s]![c] = goto.length;
        goto.push(new Int32Array(width));
        own.push([]);
      }
      s = goto[s]![c]!;
    }
    own[s]!.push(k);
  });
  // Breadth-first: fail links, full transition table (a DFA), outputs merged along fail links.
  const delta = new Int32Array(goto.length * width);
  const outputs: (number[] | undefined)[] = new Array(goto.length).fill(undefined);
  const fail = new Int32Array(goto.length);
  const queue: number[] = [];
  for (let c = 0; c < width; c++) {
    const t = goto[0]![c]!;
    delta[c] = t * width;
    if (t) queue.push(t);
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    const merged = [...own[s]!, ...(outputs[fail[s]!] ?? [])];
    if (merged.length) outputs[s] = merged;
    for (let c = 0; c < width; c++) {
      const t = goto[s]![c]!;
      if (t) {
        fail[t] = delta[fail[s]! * width + c]! / width;
        delta[s * width + c] = t * width;
        queue.push(t);
      } else delta[s * width + c] = delta[fail[s]! * width + c]!;
    }
  }
  // Mark transitions into states with outputs: ~target (negative) tells the scan loop to look.
  for (let i = 0; i < delta.length; i++) if (outputs[delta[i]! / width]) delta[i] = ~delta[i]!;
  return { delta, outputs };
}

/** Re-indexes the folded table by raw byte value: row = state * 256, same sign convention. */
function byteTable(delta: Int32Array, fold: Uint8Array, width: number): Int32Array {
  const states = delta.length / width;
  const out = new Int32Array(states * 256);
  for (let st = 0; st < states; st++)
    for (let b = 0; b < 256; b++) {
      const v = delta[st * width + fold[b]!]!;
      const next = ((v < 0 ? ~v : v) / width) * 256;
      out[st * 256 + b] = v < 0 ? ~next : next;
    }
  return out;
}
