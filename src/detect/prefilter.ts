import type { CompiledRule } from '../engine/rule-types.js';

/**
 * Keyword prefilter: which rules have at least one keyword in the text (case-insensitive).
 * Built once per rule set; `candidates` is called once per fragment.
 *
 * ASCII keywords (all of the built-in ones) run through one Aho-Corasick automaton, so a fragment is read
 * once whatever the number of keywords (hundreds with the full catalogue). A keyword with other characters
 * falls back to a lower-cased `includes`.
 */
export interface Prefilter {
  /** With `path`, rules that do not apply to the path are left out. */
  candidates(text: string, path?: string): CompiledRule[];
}

export function buildPrefilter(rules: CompiledRule[]): Prefilter {
  const byKeyword = new Map<string, CompiledRule[]>();
  for (const r of rules) for (const k of new Set(r.keywords)) byKeyword.set(k, [...(byKeyword.get(k) ?? []), r]);
  const keywords = [...byKeyword.keys()];
  const ascii = keywords.filter((k) => /^[\x00-\x7f]+$/.test(k));
  const other = keywords.filter((k) => !ascii.includes(k));
  const automaton = buildAutomaton(ascii.map((k) => k.toLowerCase()));
  return {
    candidates(text, path) {
      // Path-restricted rules (Dockerfile, config files…) are left out on other files.
      const applies = path === undefined ? undefined : new Set(rules.filter((r) => r.appliesTo(path)));
      const hit = new Set<CompiledRule>();
      const add = (rs: CompiledRule[]) => {
        for (const r of rs) if (!applies || applies.has(r)) hit.add(r);
      };
      for (const i of automaton.found(text)) add(byKeyword.get(ascii[i]!)!);
      if (other.length) {
        const lower = text.toLowerCase();
        for (const k of other) if (lower.includes(k.toLowerCase())) add(byKeyword.get(k)!);
      }
      return rules.filter((r) => hit.has(r));
    },
  };
}

const ALPHABET = 128;

interface Automaton {
  /** Indexes of the keywords that occur in `text`, ignoring ASCII case. */
  found(text: string): Set<number>;
}

/** A complete Aho-Corasick automaton over lower-case ASCII: one table lookup per character of the text. */
export function buildAutomaton(keywords: string[]): Automaton {
  const next: number[][] = [new Array<number>(ALPHABET).fill(-1)];
  const out: number[][] = [[]];
  keywords.forEach((k, idx) => {
    let s = 0;
    for (let i = 0; i < k.length; i++) {
      const c = k.charCodeAt(i);
      if (next[s]![c] === -1) {
        next[s]![c] = next.length;
        next.push(new Array<number>(ALPHABET).fill(-1));
        out.push([]);
      }
      s = next[s]![c]!;
    }
    out[s]!.push(idx);
  });
  // Breadth-first: complete the transitions through failure links and merge each state's outputs.
  const fail = new Array<number>(next.length).fill(0);
  const queue: number[] = [];
  for (let c = 0; c < ALPHABET; c++) {
    const t = next[0]![c]!;
    if (t === -1) next[0]![c] = 0;
    else queue.push(t);
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi]!;
    out[s] = [...out[s]!, ...out[fail[s]!]!];
    for (let c = 0; c < ALPHABET; c++) {
      const t = next[s]![c]!;
      if (t === -1) next[s]![c] = next[fail[s]!]![c]!;
      else {
        fail[t] = next[fail[s]!]![c]!;
        queue.push(t);
      }
    }
  }
  const delta = Int32Array.from(next.flat());
  const outputs = out.map((o) => (o.length ? o : undefined));
  return {
    found(text) {
      const seen = new Set<number>();
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        let c = text.charCodeAt(i);
        if (c >= 65 && c <= 90) c += 32;
        else if (c >= ALPHABET) {
          s = 0;
          continue;
        }
        s = delta[s * ALPHABET + c]!;
        const o = outputs[s];
        if (o) for (const k of o) seen.add(k);
      }
      return seen;
    },
  };
}
