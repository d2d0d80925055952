import type { AstNode } from 'regjsparser';
import { children, parseRegex, type RegexNode as Node } from './regex-ast.js';

/**
 * A conservative check for regexes that can backtrack catastrophically (ReDoS) — used on user-supplied
 * patterns, which could otherwise hang a scan on one crafted line. JavaScript regexes cannot be interrupted,
 * so an unsafe pattern is rejected when the config is loaded, with the offending part named.
 * Flags: a repetition that contains another variable-length repetition (`(a+)+`, `(\w+\s?)*`), and a
 * repeated alternation whose literal branches can start the same way (`(a|aa)+`).
 */
export function regexHazard(source: string, flags = ''): string | undefined {
  const ast = parseRegex(source, flags);
  // Syntax errors are reported by the RegExp constructor check.
  return ast && visit(ast, false);
}

/** A repetition that can run many times (unbounded or more than 10). */
const repeats = (n: Node) => n.type === 'quantifier' && (n.max === undefined || n.max > 10);
const variable = (n: Node) => n.type === 'quantifier' && n.max !== n.min;

function visit(node: AstNode, insideRepeat: boolean): string | undefined {
  const n = node as unknown as Node;
  if (n.type === 'quantifier') {
    if (insideRepeat && variable(n)) return `nested repetition "${n.raw}" inside another repetition can backtrack exponentially`;
    if (repeats(n)) {
      const alt = overlappingAlternation(children(n));
      if (alt) return `repeated alternation "${n.raw}" has branches that start alike (${alt}) and can backtrack exponentially`;
    }
    const inner = repeats(n) || insideRepeat;
    for (const c of children(n)) {
      const found = visit(c, inner);
      if (found) return insideRepeat || !repeats(n) ? found : found.replace(/^nested repetition "([^"]*)"/, `nested repetition "${n.raw}"`);
    }
    return undefined;
  }
  if (n.type === 'characterClass') return undefined;
  for (const c of children(n)) {
    const found = visit(c, insideRepeat);
    if (found) return found;
  }
  return undefined;
}

/** Literal branches of a disjunction (directly or through a group) where one branch is a prefix of another. */
function overlappingAlternation(nodes: AstNode[]): string | undefined {
  for (const node of nodes) {
    const n = node as unknown as Node;
    if (n.type === 'group') return overlappingAlternation(children(n));
    if (n.type !== 'disjunction') continue;
    const literals = children(n).map(literalText).filter((s): s is string => s !== undefined && s.length > 0);
    for (let i = 0; i < literals.length; i++)
      for (let j = 0; j < literals.length; j++)
        if (i !== j && literals[j]!.startsWith(literals[i]!)) return `"${literals[i]}" and "${literals[j]}"`;
  }
  return undefined;
}

function literalText(node: AstNode): string | undefined {
  const n = node as unknown as Node;
  if (n.type === 'value') return n.raw;
  if (n.type === 'alternative') {
    const parts = children(n).map(literalText);
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  return undefined;
}
