import { createRequire } from 'node:module';
import type { AstNode } from 'regjsparser';

type RegjsParser = typeof import('regjsparser');
let parser: RegjsParser | undefined;
/** Loaded on first use: built-in rules bring what the walks below find from the build (start-up cost). */
export const regjsparser = (): RegjsParser => (parser ??= createRequire(import.meta.url)('regjsparser') as RegjsParser);

/**
 * The syntax tree of a regex, read as the engine reads it with these flags (`u`: Unicode syntax, `\p{…}`), or
 * undefined when regjsparser cannot read it. The walks over rules' regexes (line spans, match extents, keyword
 * reach, needed characters, the ReDoS check) start here.
 */
export function parseRegex(source: string, flags = ''): AstNode | undefined {
  try {
    return regjsparser().parse(source, flags.includes('u') ? 'u' : '', { lookbehind: true, namedGroups: true, unicodePropertyEscape: true }) as AstNode;
  } catch {
    return undefined;
  }
}

/** The parts of regjsparser's nodes the walks read (a range's `min` and `max` are nodes, not numbers). */
export type RegexNode = {
  type: string;
  raw: string;
  body?: unknown;
  behavior?: string;
  kind?: string;
  min?: number;
  max?: number;
  negative?: boolean;
  value?: string;
  codePoint?: number;
  matchIndex?: number;
  name?: { value: string };
};

/** A node's children: a sequence's terms, a group's or a repeat's body, a class's members. */
export const children = (n: RegexNode): AstNode[] => (Array.isArray(n.body) ? (n.body as AstNode[]) : n.body ? [n.body as AstNode] : []);

/** Node types that read one character. */
export const LEAVES = new Set(['value', 'characterClass', 'characterClassEscape', 'dot', 'unicodePropertyEscape']);
