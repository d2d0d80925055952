import type { AstNode } from 'regjsparser';
import { children, parseRegex, type RegexNode as Node } from './regex-ast.js';

/** Most words a regex's opening may spell before the check gives up (the generic names spell 40). */
const MAX_WORDS = 512;
/** Most characters a class may hold to be spelt out (`[_.-]`). */
const MAX_CLASS = 16;
/** Most parts the check reads, alternatives followed one by one included, before it gives up. */
const MAX_STEPS = 10_000;

/**
 * Whether every match of the regex starts on the line of one of the rule's keywords (see keywordReach): a
 * keyword window then needs no lines before the keyword's line, only the rule's span after it.
 */
export function opensOnKeywordLine(source: string, flags: string, keywords: readonly string[]): boolean {
  return keywordReach(source, flags, keywords) !== undefined;
}

/**
 * How many characters before the end of a keyword a match can start, at most, or undefined when there is no
 * such bound. Without `longest`, it exists when every match opens with one of a small set of words
 * (`(?:api[_.-]?key|token)…`, `https?://…`, after any lookbehind), none holding a line feed, and each of those
 * words holds one of the rule's keywords: a match then starts at most that many characters before the last
 * character of a keyword occurrence inside it, on the same line. With `longest` (the longest match of a part,
 * from match-extent.ts), the words may come anywhere (`token[^\n]{0,40}=(?<secret>EAAA…)` with the keyword
 * `eaaa`): the parts before them count with their longest match, and may hold line feeds.
 * Conservative: any doubt (a class too large, `\d`, an unbounded repeat before the keyword, the `u` or `v`
 * flag, whose case folding reaches beyond ASCII) gives undefined.
 */
export function keywordReach(source: string, flags: string, keywords: readonly string[], longest?: (part: AstNode) => number): number | undefined {
  if (/[uv]/.test(flags) || keywords.length === 0 || keywords.some((k) => k.length === 0)) return undefined;
  const ast = parseRegex(source);
  if (!ast) return undefined;
  const lower = keywords.map((k) => k.toLowerCase());
  let budget = MAX_STEPS;
  // Reads the parts in order, spelling the words a match can hold, until each holds a keyword. A group that
  // cannot be spelt whole (`(?<secret>re_[A-Za-z0-9]{8})`) is read part by part, and a disjunction alternative
  // by alternative, each followed by the parts after it. `before`: the longest text before the words.
  const reach = (before: number, words: string[], parts: AstNode[]): number | undefined => {
    if (parts.length === 0 || --budget < 0) return undefined;
    const [part, ...rest] = parts as [AstNode, ...AstNode[]];
    const n = part as unknown as Node;
    const spelt = spell(part);
    const next = spelt && product(words, spelt);
    if (!next) {
      if (n.type === 'alternative' || (n.type === 'group' && (n.behavior === 'normal' || n.behavior === 'ignore'))) return reach(before, words, [...children(n), ...rest]);
      if (n.type === 'disjunction') {
        const each = children(n).map((alt) => reach(before, words, [alt, ...rest]));
        if (each.every((r) => r !== undefined)) return Math.max(...(each as number[]));
      }
      if (!longest) return undefined;
      const skipped = before + Math.max(...words.map((w) => w.length)) + longest(part);
      return Number.isFinite(skipped) ? reach(skipped, [''], rest) : undefined;
    }
    if (!longest && next.some((w) => w.includes('\n'))) return undefined;
    const ends = next.map((w) => firstKeywordEnd(w.toLowerCase(), lower));
    return ends.every((e) => e !== undefined) ? before + Math.max(...(ends as number[])) : reach(before, next, rest);
  };
  return reach(0, [''], [ast]);
}


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

/**
 * The words a match of the regex can open with, spelt as far as the opening is literal (after any lookbehind;
 * groups read part by part), or undefined when there are too many or none. A rule whose keywords are meant to
 * be in these words needs one in each: a spelling without a keyword is never looked for.
 */
export function openingWords(source: string): string[] | undefined {
  const ast = parseRegex(source);
  if (!ast) return undefined;
  const inline = (node: AstNode): AstNode[] => {
    const n = node as unknown as Node;
    const open = n.type === 'alternative' || (n.type === 'group' && (n.behavior === 'normal' || n.behavior === 'ignore'));
    return open ? children(n).flatMap(inline) : [node];
  };
  let words = [''];
  for (const part of inline(ast)) {
    const spelt = spell(part);
    const next = spelt && product(words, spelt);
    if (!next) break;
    words = next;
  }
  return words.some((w) => w !== '') ? words : undefined;
}
