import type { CompiledRule } from '../engine/rule-types.js';
import { KeywordMatcher } from './aho-corasick.js';

/**
 * Keyword prefilter: which rules have at least one keyword in the text (case-insensitive).
 * Built once per rule set; `candidates` is called once per fragment.
 */
export interface Prefilter {
  /** With `path`, rules that do not apply to the path are left out. */
  candidates(text: string, path?: string): CompiledRule[];
  /** The same answer from the UTF-8 bytes of the text, without decoding them; undefined when it cannot tell. */
  candidatesInBytes?(bytes: Uint8Array, path?: string): CompiledRule[] | undefined;
}

/**
 * Below this many scanned characters, keywords are looked up one by one: building the automaton for
 * hundreds of keywords costs more than a pre-commit hook's few small files take to search.
 */
const AUTOMATON_AFTER = 256 * 1024;

/** One Aho-Corasick pass over the text for all keywords of all rules; rules come back in rule order. */
export function buildPrefilter(rules: CompiledRule[]): Prefilter {
  const keywords = [...new Set(rules.flatMap((r) => r.keywords))];
  const index = new Map(keywords.map((k, i) => [k, i]));
  const ruleKeywords = rules.map((r) => r.keywords.map((k) => index.get(k)!));
  const asciiOnly = keywords.every((k) => /^[\x00-\x7f]*$/.test(k));
  let matcher: KeywordMatcher | undefined;
  let scanned = 0;
  const automaton = (size: number) => {
    scanned += size;
    if (!matcher && scanned >= AUTOMATON_AFTER) matcher = new KeywordMatcher(keywords);
    return matcher;
  };
  // Path-restricted rules (Dockerfile, config files…) are dropped after the single pass: it costs the same.
  const hits = (seen: Uint8Array, path: string | undefined) =>
    rules.filter((r, i) => ruleKeywords[i]!.some((k) => seen[k] === 1) && (path === undefined || r.appliesTo(path)));
  const oneByOne = (text: string, seen: Uint8Array) => {
    const lower = text.toLowerCase();
    let found = 0;
    keywords.forEach((k, i) => {
      if (lower.includes(k)) (seen[i] = 1), found++;
    });
    return found;
  };
  return {
    candidates(text, path) {
      const seen = new Uint8Array(keywords.length);
      const m = automaton(text.length);
      return (m ? m.scan(text, seen) : oneByOne(text, seen)) === 0 ? [] : hits(seen, path);
    },
    candidatesInBytes(bytes, path) {
      if (!asciiOnly) return undefined;
      const m = automaton(bytes.length);
      const seen = new Uint8Array(keywords.length);
      if (!m) return oneByOne(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'), seen) === 0 ? [] : hits(seen, path);
      return m.scanBytes(bytes, seen) === 0 ? [] : hits(seen, path);
    },
  };
}

/** The reference prefilter: lower-case the text, one `includes` per keyword. Slow; kept for tests and benchmarks. */
export function naivePrefilter(rules: CompiledRule[]): Prefilter {
  return {
    candidates(text, path) {
      const lower = text.toLowerCase();
      return rules.filter((r) => (path === undefined || r.appliesTo(path)) && r.keywords.some((k) => lower.includes(k)));
    },
  };
}
