import type { AstNode } from 'regjsparser';
import { regjsparser } from './regex-safety.js';

/** Most words a regex's opening may spell before the check gives up (the generic names spell 40). */
const MAX_WORDS = 512;
/** Most characters a class may hold to be spelt out (`[_.-]`). */
const MAX_CLASS = 16;

/**
 * Whether every match of the regex starts on the line of one of the rule's keywords (see keywordReach): a
 * keyword window then needs no lines before the keyword's line, only the rule's span after it.
 */
export function opensOnKeywordLine(source: string, flags: string, keywords: readonly string[]): boolean {
  return keywordReach(source, flags, keywords) !== undefined;
}

/**
 * How many characters before the end of a keyword a match can start, at most, or undefined when there is no
 * such bound. It exists when every match opens with one of a small set of words (`(?:api[_.-]?key|token)…`,
 * `https?://…`, after any lookbehind), none holding a line feed, and each of those words holds one of the
 * rule's keywords: a match then starts at most that many characters before the last character of a keyword
 * occurrence inside it, on the same line. Conservative: any doubt (a class too large, `\d`, an unbounded
 * repeat before the keyword, the `u` or `v` flag, whose case folding reaches beyond ASCII) gives undefined.
 */
export function keywordReach(source: string, flags: string, keywords: readonly string[]): number | undefined {
  if (/[uv]/.test(flags) || keywords.length === 0 || keywords.some((k) => k.length === 0)) return undefined;
  let ast: AstNode;
  try {
    ast = regjsparser().parse(source, '', { lookbehind: true, namedGroups: true }) as AstNode;
  } catch {
    return undefined;
  }
  const lower = keywords.map((k) => k.toLowerCase());
  const reach = (node: AstNode): number | undefined => {
    const n = node as unknown as Node;
    if (n.type === 'disjunction') {
      const each = children(n).map(reach);
      return each.some((r) => r === undefined) ? undefined : Math.max(...(each as number[]));
    }
    let words = [''];
    for (const part of n.type === 'alternative' ? children(n) : [node]) {
      const spelt = spell(part);
      if (!spelt) return undefined;
      const next = product(words, spelt);
      if (!next) return undefined;
      words = next;
      if (words.some((w) => w.includes('\n'))) return undefined;
      const ends = words.map((w) => firstKeywordEnd(w.toLowerCase(), lower));
      if (ends.every((e) => e !== undefined)) return Math.max(...(ends as number[]));
    }
    return undefined;
  };
  return reach(ast);
}

type Node = { type: string; behavior?: string; negative?: boolean; codePoint?: number; min?: number; max?: number; body?: unknown };
const children = (n: Node): AstNode[] => (Array.isArray(n.body) ? (n.body as AstNode[]) : n.body ? [n.body as AstNode] : []);

/** The strings a part of a regex can match, when they are few and spelt from literal characters; zero-width parts match ''. */
function spell(node: AstNode): string[] | undefined {
  const n = node as unknown as Node;
  switch (n.type) {
    case 'value':
      return [String.fromCodePoint(n.codePoint!)];
    case 'anchor':
      return [''];
    case 'characterClass': {
      if (n.negative) return undefined;
      const out: string[] = [];
      for (const c of children(n) as unknown as Node[]) {
        if (c.type === 'value') out.push(String.fromCodePoint(c.codePoint!));
        else if (c.type === 'characterClassRange') {
          const [lo, hi] = [(c as unknown as { min: Node }).min.codePoint!, (c as unknown as { max: Node }).max.codePoint!];
          if (hi - lo >= MAX_CLASS) return undefined;
          for (let cp = lo; cp <= hi; cp++) out.push(String.fromCodePoint(cp));
        } else return undefined;
      }
      return out.length && out.length <= MAX_CLASS ? out : undefined;
    }
    case 'group': {
      if (n.behavior && n.behavior !== 'normal' && n.behavior !== 'ignore') return [''];
      return spellSequence(children(n));
    }
    case 'disjunction': {
      const all: string[] = [];
      for (const c of children(n)) {
        const s = spell(c);
        if (!s) return undefined;
        all.push(...s);
        if (all.length > MAX_WORDS) return undefined;
      }
      return all;
    }
    case 'alternative':
      return spellSequence(children(n));
    case 'quantifier': {
      const max = n.max ?? Infinity;
      if (max > 4) return undefined;
      const inner = spellSequence(children(n));
      if (!inner) return undefined;
      const all: string[] = [];
      let k: string[] | undefined = [''];
      for (let i = 0; i <= max; i++) {
        if (i >= n.min!) all.push(...k);
        if (all.length > MAX_WORDS) return undefined;
        if (i < max && !(k = product(k, inner))) return undefined;
      }
      return all;
    }
    default:
      return undefined;
  }
}

function spellSequence(nodes: AstNode[]): string[] | undefined {
  let words: string[] | undefined = [''];
  for (const c of nodes) {
    const s = spell(c);
    if (!s || !(words = product(words, s))) return undefined;
  }
  return words;
}

/** Every word of `a` followed by every word of `b`; undefined when there would be too many. */
function product(a: string[], b: string[]): string[] | undefined {
  if (a.length * b.length > MAX_WORDS) return undefined;
  return a.flatMap((x) => b.map((y) => x + y));
}

/** Offset of the last character of the keyword occurrence in `word` that ends first, or undefined. */
function firstKeywordEnd(word: string, keywords: readonly string[]): number | undefined {
  let best: number | undefined;
  for (const k of keywords) {
    const i = word.indexOf(k);
    if (i !== -1) best = Math.min(best ?? Infinity, i + k.length - 1);
  }
  return best;
}
