import type { AstNode } from 'regjsparser';
import { children, LEAVES, parseRegex, type RegexNode as Node } from './regex-ast.js';

/**
 * Characters every match of a regex holds at least one of: a class that a match cannot do without
 * (`[0-9]` in `(?=[^"\s]{0,199}[0-9])`, the `=` of an assignment). A keyword window whose text holds no
 * character of such a class cannot hold a match, and its regex need not run: most lines around `token` or
 * `secret` in source code hold no digit, which the generic rules' values need.
 * Described in bytes of UTF-8 text: an ASCII character is its byte; any byte of 0x80 and up stands for the
 * non-ASCII characters, which `nonAscii` says the class may hold.
 */
export interface CharNeed {
  /** The ASCII characters of the class, in code order. */
  ascii: string;
  /** The class may hold a non-ASCII character (conservatively: any doubt says yes). */
  nonAscii: boolean;
}

/** Classes kept per rule: each costs a table lookup per byte of a window until it is found. */
export const MAX_NEEDS = 3;

/**
 * The classes every match of the regex reads a character of (positive lookarounds included: a window's regex
 * reads only the window), those found in nearly every window left out: a class that holds a character of a
 * keyword (either case), a letter or a blank. Fewest characters first, at most MAX_NEEDS; [] when none is known.
 */
export function requiredChars(source: string, flags: string, keywords: readonly string[]): CharNeed[] {
  const ast = parseRegex(source, flags);
  if (!ast) return [];
  const plain = flags.replace(/[gdym]/g, '');
  const inKeywords = new Set([...keywords.join('')].flatMap((c) => [c.toLowerCase(), c.toUpperCase()]));
  const keywordNonAscii = [...inKeywords].some((c) => c.charCodeAt(0) > 0x7f);
  const seen = new Set<string>();
  return needs(ast, plain)
    .filter((n) => !(n.nonAscii && keywordNonAscii) && !COMMON.test(n.ascii) && ![...n.ascii].some((c) => inKeywords.has(c)))
    .filter((n) => !seen.has(key(n)) && seen.add(key(n)))
    .sort((a, b) => a.ascii.length - b.ascii.length || Number(a.nonAscii) - Number(b.nonAscii))
    .slice(0, MAX_NEEDS);
}

/** A run every match reads: `length` characters in a row, each of the class. */
export interface RunNeed extends CharNeed {
  length: number;
}

/** Runs shorter than this are left out: source code is full of identifiers that long. */
export const MIN_RUN = 16;

/**
 * The longest run of one class every match of the regex reads (a repeat such as `[A-Za-z0-9+/]{86}` outside any
 * alternation or optional part), when it is at least MIN_RUN long and its class holds no line feed; else undefined.
 * A window without such a run holds no match: most lines around `storage` or `stream` hold no 64 hex digits.
 */
export function requiredRun(source: string, flags: string): RunNeed | undefined {
  const ast = parseRegex(source, flags);
  if (!ast) return undefined;
  const plain = flags.replace(/[gdym]/g, '');
  return runs(ast, plain)
    .filter((r) => r.length >= MIN_RUN && !r.ascii.includes('\n'))
    .sort((a, b) => b.length - a.length || a.ascii.length - b.ascii.length)[0];
}

/** Literals shorter than this are left out: a text that holds one tells little. */
export const MIN_LITERAL = 4;

/**
 * The longest string every match of the regex holds as it is written (`PRIVATE KEY` in a PEM block's regex): a run
 * of plain ASCII characters in a row, outside any alternation, optional part or lookaround, at least MIN_LITERAL long;
 * else undefined. A text whose bytes hold no such string holds no match, and is not decoded for the rule. With the
 * `i` flag, only a literal without letters counts.
 */
export function requiredLiteral(source: string, flags: string): string | undefined {
  const ast = parseRegex(source, flags);
  if (!ast) return undefined;
  const found: string[] = [];
  literals(ast, found, { run: '' });
  const caseless = flags.includes('i');
  return found.filter((l) => l.length >= MIN_LITERAL && !(caseless && /[A-Za-z]/.test(l))).sort((a, b) => b.length - a.length)[0];
}

/**
 * Collects into `found` the literal runs of `node`, a part every match reads in order: plain characters extend the
 * current run; a group that is a plain sequence is read through; anything else ends the run (and a quantified part
 * read at least once is searched for runs of its own).
 */
function literals(node: AstNode, found: string[], at: { run: string }): void {
  const n = node as unknown as Node;
  const end = () => {
    if (at.run) found.push(at.run);
    at.run = '';
  };
  switch (n.type) {
    case 'value':
      if ((n.codePoint ?? 0x80) < 0x80 && n.codePoint !== undefined) at.run += String.fromCharCode(n.codePoint);
      else end();
      return;
    case 'alternative':
      for (const c of children(n)) literals(c, found, at);
      return;
    case 'group':
      if (n.behavior === 'normal' || n.behavior === 'ignore') {
        for (const c of children(n)) literals(c, found, at);
        return;
      }
      end(); // a lookaround reads without consuming
      return;
    case 'quantifier':
      end();
      if ((n.min ?? 0) >= 1) {
        const inner = { run: '' };
        for (const c of children(n)) literals(c, found, inner);
        if (inner.run) found.push(inner.run);
      }
      return;
    default:
      end(); // a class, an alternation, an anchor, a backreference
  }
}

/** Runs of one class each match of `node` reads. */
function runs(node: AstNode, flags: string): RunNeed[] {
  const n = node as unknown as Node;
  switch (n.type) {
    case 'alternative':
      return children(n).flatMap((c) => runs(c, flags));
    case 'group':
      return n.behavior === 'negativeLookahead' || n.behavior === 'negativeLookbehind' ? [] : children(n).flatMap((c) => runs(c, flags));
    case 'quantifier': {
      const min = n.min ?? 0;
      if (min < 1) return [];
      const body = children(n);
      const leaf = body.length === 1 && LEAVES.has((body[0] as unknown as Node).type) ? (body[0] as unknown as Node) : undefined;
      return leaf ? [{ ...leafNeed(leaf, flags), length: min }] : body.flatMap((c) => runs(c, flags));
    }
    default:
      return []; // a single character, an alternation, an anchor, a backreference
  }
}

/** Characters nearly every line of text holds: a class with one of them is no test of a window. */
const COMMON = /[A-Za-z\s]/;

const key = (n: CharNeed) => `${n.nonAscii ? '+' : '-'}${n.ascii}`;

/** Classes each match of `node` reads a character of. */
function needs(node: AstNode, flags: string): CharNeed[] {
  const n = node as unknown as Node;
  if (LEAVES.has(n.type)) return [leafNeed(n, flags)];
  switch (n.type) {
    case 'alternative':
      return children(n).flatMap((c) => needs(c, flags));
    case 'group':
      return n.behavior === 'negativeLookahead' || n.behavior === 'negativeLookbehind' ? [] : children(n).flatMap((c) => needs(c, flags));
    case 'quantifier':
      return (n.min ?? 0) >= 1 ? children(n).flatMap((c) => needs(c, flags)) : [];
    case 'disjunction': {
      // Each alternative's narrowest class, joined: a match reads one of them.
      const each = children(n).map((c) => needs(c, flags).sort((a, b) => a.ascii.length - b.ascii.length)[0]);
      if (each.some((x) => x === undefined)) return [];
      const ascii = new Set(each.flatMap((x) => [...x!.ascii]));
      return [{ ascii: [...ascii].sort().join(''), nonAscii: each.some((x) => x!.nonAscii) }];
    }
    default:
      return []; // anchors, backreferences, and anything this walk does not know
  }
}

/** The ASCII characters a leaf matches (asked of the regex engine itself) and whether it may match others. */
export function leafNeed(n: Node, flags: string): CharNeed {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${n.raw})$`, flags);
  } catch {
    return ANY; // a part the regex engine does not take alone: it may match anything
  }
  let ascii = '';
  for (let c = 0; c < 0x80; c++) if (re.test(String.fromCharCode(c))) ascii += String.fromCharCode(c);
  // Case-insensitive matching folds ſ (U+017F) to s and the Kelvin sign to k.
  const folds = flags.includes('i') && /[ksKS]/.test(ascii);
  return { ascii, nonAscii: folds || !asciiOnly(n) };
}

/** Every character: a class no window is tested for (it holds letters). */
const ANY: CharNeed = { ascii: Array.from({ length: 0x80 }, (_, c) => String.fromCharCode(c)).join(''), nonAscii: true };

/** A leaf that provably matches ASCII characters only: an ASCII character, `\d`, `\w`, or a positive class of those. */
function asciiOnly(n: Node): boolean {
  switch (n.type) {
    case 'value':
      return (n.codePoint ?? 0x80) < 0x80;
    case 'characterClassEscape':
      return n.value === 'd' || n.value === 'w';
    case 'characterClass':
      return !n.negative && children(n).every((c) => classItemAscii(c as unknown as Node));
    default:
      return false;
  }
}

function classItemAscii(c: Node): boolean {
  if (c.type === 'characterClassRange') return ((c as unknown as { max: Node }).max.codePoint ?? 0x80) < 0x80;
  return asciiOnly(c);
}
