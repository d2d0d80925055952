import type { CompiledRule } from '../engine/rule-types.js';

/**
 * Keyword prefilter: which rules have at least one keyword in the text (case-insensitive).
 * Built once per rule set; `candidates` is called once per fragment.
 */
export interface Prefilter {
  /** With `path`, rules that do not apply to the path are left out before any keyword is searched. */
  candidates(text: string, path?: string): CompiledRule[];
}

export function buildPrefilter(rules: CompiledRule[]): Prefilter {
  const byKeyword = new Map<string, CompiledRule[]>();
  for (const r of rules) for (const k of new Set(r.keywords)) byKeyword.set(k, [...(byKeyword.get(k) ?? []), r]);
  const keywords = [...byKeyword.keys()];
  return {
    candidates(text, path) {
      // Path-restricted rules (Dockerfile, config files…) cost no keyword search on other files.
      const applies = path === undefined ? undefined : new Set(rules.filter((r) => r.appliesTo(path)));
      const lower = text.toLowerCase();
      const hit = new Set<CompiledRule>();
      for (const k of keywords) {
        const rs = applies ? byKeyword.get(k)!.filter((r) => applies.has(r)) : byKeyword.get(k)!;
        if (rs.length > 0 && lower.includes(k)) for (const r of rs) hit.add(r);
      }
      return rules.filter((r) => hit.has(r));
    },
  };
}
