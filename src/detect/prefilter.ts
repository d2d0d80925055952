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

/** One Aho-Corasick pass over the text for all keywords of all rules; rules come back in rule order. */
export function buildPrefilter(rules: CompiledRule[]): Prefilter {
  const keywords = [...new Set(rules.flatMap((r) => r.keywords))];
  const index = new Map(keywords.map((k, i) => [k, i]));
  const ruleKeywords = rules.map((r) => r.keywords.map((k) => index.get(k)!));
  const matcher = new KeywordMatcher(keywords);
  // Path-restricted rules (Dockerfile, config files…) are dropped after the single pass: it costs the same.
  const hits = (seen: Uint8Array, path: string | undefined) =>
    rules.filter((r, i) => ruleKeywords[i]!.some((k) => seen[k] === 1) && (path === undefined || r.appliesTo(path)));
  return {
    candidates(text, path) {
      const seen = new Uint8Array(keywords.length);
      return matcher.scan(text, seen) === 0 ? [] : hits(seen, path);
    },
    candidatesInBytes(bytes, path) {
      if (!matcher.asciiOnly) return undefined;
      const seen = new Uint8Array(keywords.length);
      return matcher.scanBytes(bytes, seen) === 0 ? [] : hits(seen, path);
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
