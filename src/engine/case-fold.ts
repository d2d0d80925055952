import type { AstNode } from 'regjsparser';
import { children, LEAVES, parseRegex, type RegexNode as Node } from './regex-ast.js';
import { leafNeed } from './required-chars.js';

/**
 * The source of a regex that matches exactly what `source` matches with these flags, written without the `i` flag
 * (`token` -> `[tT][oO][kK][eE][nN]`, `[a-f0-9]` -> `[a-f0-9A-F]`), or undefined when there is no such rewrite
 * here: no `i` flag, or a part whose case-insensitive meaning this does not spell out. V8 compiles a
 * case-insensitive regex ~2.5× slower (the tree corpus meets ~140 of them: ~35 ms of a scan).
 *
 * Without the `u` flag, case-insensitive matching folds an ASCII letter only into the other case of that letter
 * (ſ and the Kelvin sign stay apart), so the rewrite holds when every character the pattern names is ASCII:
 * - a letter outside a class becomes a class of both cases;
 * - a class gets the other case of each letter it holds, negated or not (the negation of a set closed under case
 *   is what the flag gives);
 * - `\d`, `\w`, `\s`, their negations and `.` need nothing;
 * - a backreference compares case-insensitively: allowed only to a group that can match no letter (a quote).
 * Refused: the `u` and `v` flags, any non-ASCII character in the pattern, anything this walk does not know.
 */
export function foldCase(source: string, flags: string): string | undefined {
  if (!flags.includes('i') || /[uv]/.test(flags)) return undefined;
  const ast = parseRegex(source, flags);
  if (!ast) return undefined;
  const groups = namedAndNumbered(ast);
  const edits: Edit[] = [];
  const ok = walk(ast, edits, groups, flags);
  if (!ok) return undefined;
  let out = source;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

type Ranged = Node & { range: [number, number] };
type Groups = { byName: Map<string, Node>; byIndex: Node[] };

/** Collects the edits below `node`; false when a part cannot be rewritten. */
function walk(node: AstNode, edits: Edit[], groups: Groups, flags: string): boolean {
  const n = node as unknown as Ranged;
  switch (n.type) {
    case 'value': {
      const c = n.codePoint ?? 0x80;
      if (c >= 0x80) return false;
      const other = swapCase(c);
      if (other !== c) edits.push({ from: n.range[0], to: n.range[1], text: `[${String.fromCharCode(c, other)}]` });
      return true;
    }
    case 'characterClass':
      return foldClass(n, edits);
    case 'characterClassEscape':
    case 'dot':
    case 'anchor':
      return true;
    case 'reference':
      return referencesNoLetter(n, groups, flags);
    case 'alternative':
    case 'disjunction':
    case 'group':
    case 'quantifier':
      return children(n).every((c) => walk(c, edits, groups, flags));
    default:
      return false; // a Unicode property escape, or a node type this walk does not know
  }
}

/** A class rewritten whole: its members as they were (a literal `-` escaped), then the other case of its letters. */
function foldClass(n: Ranged, edits: Edit[]): boolean {
  if (n.kind !== undefined && n.kind !== 'union') return false;
  const members: string[] = [];
  const holds = new Uint8Array(0x80);
  for (const m of children(n) as unknown as Ranged[]) {
    if (m.type === 'characterClassEscape') {
      members.push(m.raw);
      if (m.value === 'w') holds.fill(1, 0x41, 0x5b).fill(1, 0x61, 0x7b);
    } else if (m.type === 'value') {
      const c = m.codePoint ?? 0x80;
      if (c >= 0x80) return false;
      members.push(c === 0x2d ? '\\-' : m.raw);
      holds[c] = 1;
    } else if (m.type === 'characterClassRange') {
      const { min, max } = m as unknown as { min: Node; max: Node };
      const hi = max.codePoint ?? 0x80;
      if (hi >= 0x80) return false;
      members.push(m.raw);
      holds.fill(1, min.codePoint ?? 0, hi + 1);
    } else {
      return false;
    }
  }
  // The letters whose other case the class lacks, as runs (`A-F`).
  let extra = '';
  for (let c = 0; c < 0x80; c++) {
    const other = swapCase(c);
    if (!holds[c] || other === c || holds[other]) continue;
    let end = c;
    while (end + 1 < 0x80 && holds[end + 1] && swapCase(end + 1) === other + (end + 1 - c) && !holds[swapCase(end + 1)]) end++;
    extra += end === c ? String.fromCharCode(other) : `${String.fromCharCode(other)}-${String.fromCharCode(swapCase(end))}`;
    c = end;
  }
  if (extra !== '') edits.push({ from: n.range[0], to: n.range[1], text: `[${n.negative ? '^' : ''}${members.join('')}${extra}]` });
  return true;
}

const swapCase = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c >= 0x61 && c <= 0x7a ? c - 0x20 : c);

/** A backreference whose group can match no ASCII letter: comparing it ignoring case changes nothing. */
function referencesNoLetter(n: Node, groups: Groups, flags: string): boolean {
  const group = n.name ? groups.byName.get(n.name.value) : n.matchIndex !== undefined ? groups.byIndex[n.matchIndex - 1] : undefined;
  return group !== undefined && !canMatchLetter(group as unknown as AstNode, flags.replace(/[gdym]/g, ''));
}

function canMatchLetter(node: AstNode, flags: string): boolean {
  const n = node as unknown as Node;
  if (LEAVES.has(n.type)) return /[A-Za-z]/.test(leafNeed(n, flags).ascii);
  if (n.type === 'reference') return true;
  return children(n).some((c) => canMatchLetter(c, flags));
}

/** The capturing groups, by name and in order of their opening parenthesis. */
function namedAndNumbered(ast: AstNode): Groups {
  const byName = new Map<string, Node>();
  const byIndex: Node[] = [];
  const visit = (node: AstNode) => {
    const n = node as unknown as Ranged;
    if (n.type === 'group' && n.behavior === 'normal') {
      byIndex.push(n);
      if (n.name) byName.set(n.name.value, n);
    }
    if (n.type !== 'characterClass') children(n).forEach(visit);
  };
  visit(ast);
  return { byName, byIndex };
}
