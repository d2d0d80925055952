import { isAscii, isUtf8 } from 'node:buffer';
import type { CompiledRule } from '../engine/rule-types.js';
import type { ScannedBytes } from '../sources/fragment.js';
import { hasUtf8Bom } from '../sources/read-text.js';
import { KeywordMatcher } from './aho-corasick.js';
import { asBuffer } from './location.js';
import type { SharedPlace } from './wasm-dfa.js';

/** Where a text's keywords are: the rules to run (in rule order) and, for each, where its keywords occur. */
export interface KeywordHits {
  rules: CompiledRule[];
  /** Sorted offsets in the (decoded) text, one per keyword occurrence (the offset of its last character). */
  offsets(rule: CompiledRule): ArrayLike<number>;
  /**
   * The same as offsets in the source's UTF-8 bytes, when the keywords were located there (each falls on an
   * ASCII byte of a keyword): the detector can then decode only the lines around them.
   */
  byteOffsets?(rule: CompiledRule): ArrayLike<number>;
}

/** What `locate` reads: the text, and the UTF-8 bytes it was decoded from when the source has them. */
export interface TextSource {
  readonly text: string;
  bytes?: Uint8Array;
  /** What a reader thread found in `bytes` already: the keyword hits are taken from it (see Fragment.scanned). */
  scanned?: Pick<ScannedBytes, 'located'>;
}

/**
 * Keyword prefilter: which rules have at least one keyword in the text (case-insensitive), and where.
 * Built once per rule set; `locate` is called once per fragment.
 */
export interface Prefilter {
  /**
   * The rules with a keyword in the text and where their keywords are; undefined when none. Reads the bytes
   * when it can (a fragment without keywords is never decoded); positions always index the decoded text.
   * With `path`, rules that do not apply to the path are left out. The hits are read before the next call:
   * it reuses their memory.
   */
  locate(source: TextSource, path?: string): KeywordHits | undefined;
  /** Shared memory in the keyword scanner's own, for bytes it then scans in place (see KeywordMatcher.spare). */
  spare(bytes: number): SharedPlace | undefined;
  /** The keywords, in the order hits number them, when hits found in bytes elsewhere can be used (all are ASCII). */
  readonly byteKeywords: string[] | undefined;
  /** The rules `locate` finds in a text (tests and the benchmark's levers). */
  candidates(text: string, path?: string): CompiledRule[];
  /** The same from the UTF-8 bytes of the text; undefined when a keyword is not ASCII (bytes cannot tell). */
  candidatesInBytes(bytes: Uint8Array, path?: string): CompiledRule[] | undefined;
}

/** Per keyword (by index), the offsets of its occurrences; undefined for a keyword not in the text. */
export type Ends = (number[] | undefined)[];

/**
 * Below this many scanned characters, keywords are looked up one by one: building the automaton for
 * hundreds of keywords costs more than a pre-commit hook's few small files take to search.
 */
const AUTOMATON_AFTER = 256 * 1024;

/** The keywords a prefilter for these rules looks for, in the order its automaton numbers them. */
export function prefilterKeywords(rules: readonly CompiledRule[]): string[] {
  return numberKeywords(rules).keywords;
}

/**
 * The keywords in first-seen order, and each one's number. In loops, not `new Map(keywords.map(...))` and the
 * like: the pre-commit hook builds this for every rule at every commit, and the pairs, sets and lists of the
 * one-liners were ~170 KB of garbage, a young-generation collection's worth with the rest of its start-up.
 */
function numberKeywords(rules: readonly CompiledRule[]): { keywords: string[]; index: Map<string, number> } {
  const keywords: string[] = [];
  const index = new Map<string, number>();
  for (const r of rules) for (const k of r.keywords) if (!index.has(k)) index.set(k, keywords.push(k) - 1);
  return { keywords, index };
}

/** Whether every character of every keyword is ASCII. */
function allAscii(keywords: readonly string[]): boolean {
  for (const k of keywords) for (let i = 0; i < k.length; i++) if (k.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * One Aho-Corasick pass over the text for all keywords of all rules; rules come back in rule order.
 * `automatonAfter`: scanned characters before the automaton is built (tests set it to 0).
 */
export function buildPrefilter(rules: CompiledRule[], automatonAfter = AUTOMATON_AFTER): Prefilter {
  const { keywords, index } = numberKeywords(rules);
  // Rules with the same keywords share one list of keyword indices, and so, per text, one list of offsets.
  const lists = new Map<string, number[]>();
  const ruleKeywords = rules.map((r) => {
    const ks = r.keywords.map((k) => index.get(k)!);
    const key = ks.join(',');
    return lists.get(key) ?? (lists.set(key, ks), ks);
  });
  const asciiOnly = allAscii(keywords);
  let matcher: KeywordMatcher | undefined;
  let scanned = 0;
  const automaton = (size: number) => {
    scanned += size;
    if (!matcher && scanned >= automatonAfter) matcher = new KeywordMatcher(keywords);
    return matcher;
  };
  // Each rule's number, made the first time a text hits (a hook run with no keyword in its files never does).
  let ruleIndex: Map<CompiledRule, number> | undefined;
  // The rules of each keyword, so that a text's hits mark their rules (a text hits a few of ~560 keywords):
  // keyword k's are ruleOf[firstRule[k]] up to ruleOf[firstRule[k + 1]], in rule order.
  const firstRule = new Int32Array(keywords.length + 1);
  for (const ks of ruleKeywords) for (const k of ks) firstRule[k + 1]!++;
  for (let k = 0; k < keywords.length; k++) firstRule[k + 1]! += firstRule[k]!;
  const ruleOf = new Int32Array(firstRule[keywords.length]!);
  const filled = firstRule.slice(0, keywords.length);
  ruleKeywords.forEach((ks, i) => {
    for (const k of ks) ruleOf[filled[k]!++] = i;
  });
  const marked = new Uint8Array(rules.length);
  // Path-restricted rules (Dockerfile, config files…) are dropped after the single pass: it costs the same.
  // `textEnds`: the hits as text offsets, when `ends` holds byte offsets (worked out only if asked for).
  const located = (ends: Ends, path: string | undefined, textEnds?: () => Ends): KeywordHits | undefined => {
    for (let k = 0; k < keywords.length; k++) if (ends[k] !== undefined) for (let j = firstRule[k]!; j < firstRule[k + 1]!; j++) marked[ruleOf[j]!] = 1;
    const hit: CompiledRule[] = [];
    for (let i = 0; i < rules.length; i++) {
      if (marked[i] === 0) continue;
      marked[i] = 0;
      if (path === undefined || rules[i]!.appliesTo(path)) hit.push(rules[i]!);
    }
    if (hit.length === 0) return undefined;
    const picker = (from: () => Ends) => {
      const memo = new Map<number[], ArrayLike<number>>();
      return (rule: CompiledRule) => {
        const ks = ruleKeywords[(ruleIndex ??= new Map(rules.map((r, i) => [r, i]))).get(rule)!]!;
        let offsets = memo.get(ks);
        if (!offsets) memo.set(ks, (offsets = merged(from(), ks)));
        return offsets;
      };
    };
    if (!textEnds) return { rules: hit, offsets: picker(() => ends) };
    return { rules: hit, offsets: picker(textEnds), byteOffsets: picker(() => ends) };
  };
  // Offsets in the lower-cased text are offsets in the text only when lower-casing kept its length.
  const locateOneByOne = (text: string, ends: Ends): boolean => {
    const lower = text.toLowerCase();
    if (lower.length !== text.length) return false;
    keywords.forEach((k, i) => {
      if (k.length === 0) return void (ends[i] = []);
      for (let at = lower.indexOf(k); at !== -1; at = lower.indexOf(k, at + 1)) (ends[i] ??= []).push(at + k.length - 1);
    });
    return true;
  };
  const locateText = (text: string, ends: Ends, m: KeywordMatcher | undefined) => {
    // A text that lower-casing lengthens is rare: it gets the automaton, built once like any other.
    if (m || !locateOneByOne(text, ends)) (matcher ??= new KeywordMatcher(keywords)).locate(text, ends);
  };
  // One list of hits, emptied for each text: hits are read before the next text is located (a new array of
  // ~560 slots per file was 39 MB of garbage in the tree corpus).
  const scratch: Ends = new Array(keywords.length).fill(undefined);
  return {
    byteKeywords: asciiOnly ? keywords : undefined,
    locate(source, path) {
      const ends = scratch.fill(undefined);
      const bytes = source.bytes;
      if (bytes && asciiOnly) {
        const scanned = source.scanned;
        const m = scanned ? matcher : automaton(bytes.length);
        if (scanned) {
          if (scanned.located(ends) === 0) return undefined;
        } else if (!m) {
          locateText(source.text, ends, undefined);
          return located(ends, path);
        } else if (m.locateBytes(bytes, ends) === 0) return undefined;
        // Byte offsets are text offsets for ASCII text (decoded as latin1); valid UTF-8 maps over; else look again in the text.
        let text: Ends | undefined;
        const textEnds = () => {
          if (text) return text;
          if (isAscii(bytes)) return (text = ends);
          if (isUtf8(bytes)) return (text = remapUtf8(bytes, ends));
          locateText(source.text, (text = new Array(keywords.length)), m);
          return text;
        };
        return located(ends, path, textEnds);
      }
      const text = source.text;
      locateText(text, ends, automaton(text.length));
      return located(ends, path);
    },
    candidates(text, path) {
      return this.locate({ text }, path)?.rules ?? [];
    },
    spare(bytes) {
      return asciiOnly ? (matcher ??= new KeywordMatcher(keywords)).spare(bytes) : undefined;
    },
    candidatesInBytes(bytes, path) {
      if (!asciiOnly) return undefined;
      const buf = asBuffer(bytes);
      let text: string | undefined;
      return this.locate({ bytes, get text() { return (text ??= buf.toString('utf8')); } }, path)?.rules ?? [];
    },
  };
}

/**
 * The offsets of these keywords, in order: one keyword's list as it is, several merged by a numeric sort. Unsigned
 * 32-bit, not float: offsets in a text or a buffer are below 2^32, and read back as small integers they kept V8's
 * optimised line lookups on their integer path (floats threw `lineEnd`'s optimised code away once per scan).
 */
export function merged(ends: Ends, keywords: readonly number[]): ArrayLike<number> {
  let only: number[] | undefined;
  let n = 0;
  let found = 0;
  for (const k of keywords) {
    const list = ends[k];
    if (list) (only = list), (n += list.length), found++;
  }
  if (found === 1) return only!;
  const out = new Uint32Array(n);
  n = 0;
  for (const k of keywords) {
    const list = ends[k];
    if (list) for (let i = 0; i < list.length; i++) out[n++] = list[i]!;
  }
  return out.sort();
}

/**
 * Rewrites byte offsets in valid UTF-8 as offsets in the decoded text (which has no byte-order mark, see
 * decodeText): the length of the text decoded between consecutive hits, natively, up to the last hit only.
 * Hits sit on ASCII keyword characters, so every cut falls between two characters.
 */
function remapUtf8(bytes: Uint8Array, ends: Ends): Ends {
  const buf = asBuffer(bytes);
  const all = [...new Set(ends.flatMap((l) => l ?? []))].sort((a, b) => a - b);
  const text = new Map<number, number>();
  let b0 = hasUtf8Bom(bytes) ? 3 : 0;
  let u = 0;
  for (const b of all) {
    u += buf.toString('utf8', b0, b).length;
    b0 = b;
    text.set(b, u);
  }
  return ends.map((list) => list?.map((b) => text.get(b)!));
}

/** The reference prefilter: lower-case the text, one `includes` per keyword. Slow; kept for tests and benchmarks. */
export function naivePrefilter(rules: CompiledRule[]): Pick<Prefilter, 'candidates'> {
  return {
    candidates(text, path) {
      const lower = text.toLowerCase();
      return rules.filter((r) => (path === undefined || r.appliesTo(path)) && r.keywords.some((k) => lower.includes(k)));
    },
  };
}
