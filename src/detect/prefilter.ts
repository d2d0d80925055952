import type { CompiledRule } from '../engine/rule-types.js';

/**
 * Keyword prefilter: which rules have at least one keyword in the text (case-insensitive).
 * Built once per rule set; `candidates` is called once per fragment.
 */
export interface Prefilter {
  candidates(text: string): CompiledRule[];
}

export function buildPrefilter(rules: CompiledRule[]): Prefilter {
  const byKeyword = new Map<string, CompiledRule[]>();
  for (const r of rules) for (const k of new Set(r.keywords)) byKeyword.set(k, [...(byKeyword.get(k) ?? []), r]);
  const keywords = [...byKeyword.keys()];
  return {
    candidates(text) {
      const lower = text.toLowerCase();
      const hit = new Set<CompiledRule>();
      for (const k of keywords) if (lower.includes(k)) for (const r of byKeyword.get(k)!) hit.add(r);
      return rules.filter((r) => hit.has(r));
    },
  };
}
