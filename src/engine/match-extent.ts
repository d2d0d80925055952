import type { AstNode } from 'regjsparser';
import { keywordReach } from './keyword-reach.js';
import { children, parseRegex, type RegexNode as Node } from './regex-ast.js';

/**
 * How far from a keyword a rule's regex reads, in characters of ASCII text. With it, a match on a long line
 * (a minified bundle's megabyte line) can be looked for in a few hundred characters around each keyword
 * instead of in the whole line (src/detect/keyword-probe.ts).
 */
export interface MatchExtent {
  /** A match starts at most this many characters before the last character of a keyword occurrence in it. */
  reach: number;
  /** Characters before a match's start that the regex may read (its lookbehinds, `\b`, `^`). */
  behind: number;
  /** Characters from a match's start that the regex may read: its longest match, its lookaheads, `\b`, `$`. */
  ahead: number;
  /**
   * The unbounded repeats of one class (`[ \t]*`, `[A-Za-z0-9_-]+`), each counted as `cap` characters: the
   * bounds hold where no run of the class is longer (src/detect/keyword-probe.ts looks for one).
   */
  runs: Run[];
}

/** An unbounded repeat of one class: its source (`[ \t]`) and the characters it was counted as. */
export interface Run {
  source: string;
  cap: number;
}

/**
 * The rule's extent, or undefined when there is no bound: no keyword in reach of a match's start (keyword-reach.ts),
 * or an unbounded repeat of more than one class (`(?:\.[a-z]+)+`) anywhere, lookarounds included. Conservative: every lookbehind's
 * longest reading is added to `behind`, every lookahead's to `ahead` (nested ones add up), each side gets one
 * character for an assertion at the edge, and a backreference counts as its group's longest match.
 */
export function matchExtent(source: string, flags: string, keywords: readonly string[]): MatchExtent | undefined {
  const ast = parseRegex(source);
  if (!ast) return undefined;
  // Groups are measured first with backreferences unbounded, then a backreference takes its group's length.
  const first = measure(ast);
  const sides = first.refs ? measure(ast, first.groups) : first;
  const ahead = sides.longest + sides.ahead + 1;
  const behind = sides.behind + 1;
  if (!Number.isFinite(ahead) || !Number.isFinite(behind)) return undefined;
  const reach = keywordReach(source, flags, keywords, (part) => measure(part, sides.groups).longest);
  return reach === undefined ? undefined : { reach, behind, ahead, runs: [...sides.runs.values()] };
}

/**
 * Characters an unbounded repeat of one class counts as: a run of blanks (`[ \t]*`, 54 built-in rules align
 * their `=` with them) as 32, any other class (`[A-Za-z0-9_-]+`) as 256.
 */
export const BLANK_RUN = 32;
export const CLASS_RUN = 256;

/** The source of the one class an unbounded repeat repeats (`[ \t]`, `\w`), or undefined for anything larger. */
function runClass(n: Node): string | undefined {
  if (n.max !== undefined) return undefined;
  const body = children(n);
  const only = body[0] as unknown as (Node & { raw: string }) | undefined;
  if (body.length !== 1 || !['characterClass', 'characterClassEscape', 'value', 'dot'].includes(only!.type)) return undefined;
  return only!.raw;
}

/** Whether the class matches no ASCII character but spaces and tabs. */
function isBlank(source: string): boolean {
  const re = new RegExp(`^${source}$`);
  for (let c = 0; c < 128; c++) if (c !== 0x20 && c !== 0x09 && re.test(String.fromCharCode(c))) return false;
  return true;
}


interface Groups {
  /** Longest match of each capturing group, by number (1-based) and by name. */
  byNumber: number[];
  byName: Map<string, number>;
}

interface Measured {
  /** Longest match (lookarounds consume nothing). */
  longest: number;
  /** Sum of the longest readings of all lookaheads, and of all lookbehinds. */
  ahead: number;
  behind: number;
  refs: boolean;
  /** The unbounded repeats of one class, counted as runs of `cap` characters, by class source. */
  runs: Map<string, Run>;
  groups: Groups;
}

function measure(ast: AstNode, known?: Groups): Measured {
  const out: Measured = { longest: 0, ahead: 0, behind: 0, refs: false, runs: new Map(), groups: { byNumber: [0], byName: new Map() } };
  const longest = (node: AstNode): number => {
    const n = node as unknown as Node;
    switch (n.type) {
      case 'value':
      case 'characterClass':
      case 'characterClassEscape':
      case 'dot':
        return 1;
      case 'anchor':
      case 'empty':
        return 0;
      case 'reference': {
        out.refs = true;
        const len = n.name ? known?.byName.get(n.name.value) : known?.byNumber[n.matchIndex!];
        return len ?? Infinity;
      }
      case 'group': {
        const b = n.behavior;
        if (b === 'lookahead' || b === 'negativeLookahead' || b === 'lookbehind' || b === 'negativeLookbehind') {
          const len = sum(children(n));
          if (b.endsWith('ahead')) out.ahead += len;
          else out.behind += len;
          return 0;
        }
        if (b !== 'normal') return sum(children(n));
        const number = out.groups.byNumber.push(0) - 1;
        const len = sum(children(n));
        out.groups.byNumber[number] = len;
        if (n.name) out.groups.byName.set(n.name.value, len);
        return len;
      }
      case 'quantifier': {
        const inner = sum(children(n));
        if (inner === 0) return 0;
        const run = runClass(n);
        if (run === undefined) return inner * (n.max ?? Infinity);
        const cap = isBlank(run) ? BLANK_RUN : CLASS_RUN;
        out.runs.set(run, { source: run, cap });
        return cap;
      }
      case 'disjunction':
        return Math.max(0, ...children(n).map(longest));
      case 'alternative':
        return sum(children(n));
      default:
        return Infinity; // a node type this check does not know
    }
  };
  const sum = (nodes: AstNode[]) => nodes.reduce((s, c) => s + longest(c), 0);
  out.longest = longest(ast);
  return out;
}
