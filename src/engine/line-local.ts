import type { AstNode } from 'regjsparser';
import { foldCase } from './case-fold.js';
import { opensOnKeywordLine } from './keyword-reach.js';
import { matchExtent, type MatchExtent } from './match-extent.js';
import { children, LEAVES, parseRegex, type RegexNode as Node } from './regex-ast.js';
import { requiredChars, requiredLiteral, requiredRun, type CharNeed, type RunNeed } from './required-chars.js';
import type { RuleSpec } from './rule-types.js';

/** Rules whose matches may span more line breaks than this run on the whole text. */
export const MAX_LINE_SPAN = 12;

/**
 * How many line breaks a match of the regex can span at most (0: it stays on one line), or undefined when
 * there is no small bound. For a bounded rule, running the regex only on the lines around its keywords
 * (each keyword's line, plus that many lines either side, each window ending with its newline) finds the
 * matches that cover a keyword's line, as a run over the whole text does. Decided from the regex's syntax
 * tree, conservatively (any doubt: undefined):
 * - each consuming part that can match a line feed (`\s`, `[^"]`, `.` with the `s` flag) counts once per
 *   repetition; an unbounded repetition of one (`\s*`) has no bound;
 * - a lookahead may read a line feed only as the last thing it reads (`(?=\s*(?:\r?\n|$))`): a window holds
 *   its last line's newline, not what follows it;
 * - a lookbehind never reads a line feed (a window starts after the previous line's newline);
 * - no `^` (start of input: a window starts mid-text); `$` and `\b` behave the same in a window;
 * - no keyword holds a line break.
 * Custom rules are analysed too; the result is computed on first use (the parser costs ~0.2 ms a rule).
 */
export function lineSpan(source: string, flags: string, keywords: readonly string[]): number | undefined {
  if (keywords.length === 0 || keywords.some((k) => k.length === 0 || /[\r\n]/.test(k))) return undefined;
  const ast = parseRegex(source, flags);
  if (!ast) return undefined;
  const st: State = { flags: flags.replace(/[gdy]/g, ''), newlineInLookahead: false, references: false };
  const span = breaks(ast, 'main', true, st);
  if (st.references && (st.newlineInLookahead || span !== 0)) return undefined; // a backreference could repeat a line break
  return span <= MAX_LINE_SPAN ? span : undefined;
}

/** What the build worked out for each rule, in rule order (dist/rules.json); null: no bound (the whole text). */
export interface BuiltFacts {
  spans: readonly (number | null)[];
  before?: readonly (number | null)[];
  extents?: readonly (MatchExtent | null)[];
  needs?: readonly (readonly CharNeed[])[];
  runs?: readonly (RunNeed | null)[];
  folded?: readonly (string | null)[];
  literals?: readonly (string | null)[];
}

/** One rule's facts from the build; a fact left out (undefined) was not recorded, and is worked out from the regex. */
export interface Built {
  span: number | null;
  before?: number | null;
  extent?: MatchExtent | null;
  needs?: readonly CharNeed[];
  run?: RunNeed | null;
  folded?: string | null;
  literal?: string | null;
}

/** The build's facts for the built-in rules, by rule spec. */
const built = new WeakMap<RuleSpec, Built>();

/**
 * Where a rule of the rule bundle (and a copy of one that keeps its prototype) carries its own facts from the build,
 * read with the rest of its detection fields on first use (rule-bundle.ts).
 */
export const BUILT_FACTS: unique symbol = Symbol('keyward.builtFacts');

const builtOf = (spec: RuleSpec): Built | undefined => built.get(spec) ?? (spec as { [BUILT_FACTS]?: Built })[BUILT_FACTS];

/** Records the build's facts for these specs, in the same order, so a run need not parse their regexes. */
export function rememberFacts(specs: readonly RuleSpec[], { spans, before, extents, needs, runs, folded, literals }: BuiltFacts): void {
  if (spans.length !== specs.length) return;
  const all = <T>(list: readonly T[] | undefined) => (list?.length === specs.length ? list : undefined);
  specs.forEach((s, i) =>
    built.set(s, { span: spans[i]!, before: all(before)?.[i], extent: all(extents)?.[i], needs: all(needs)?.[i], run: all(runs)?.[i], folded: all(folded)?.[i], literal: all(literals)?.[i] }),
  );
}

/** Rule `i`'s facts out of `facts` (what `rememberFacts` keeps for it). */
export function factsAt({ spans, before, extents, needs, runs, folded, literals }: BuiltFacts, i: number): Built {
  return { span: spans[i]!, before: before?.[i], extent: extents?.[i], needs: needs?.[i], run: runs?.[i], folded: folded?.[i], literal: literals?.[i] };
}

/** The build's facts for these rules, to be remembered by `rememberFacts` in a later run. */
export function builtFacts(specs: readonly RuleSpec[]): BuiltFacts {
  return {
    spans: specs.map((r) => ruleLineSpan(r) ?? null),
    before: specs.map((r) => ruleLinesBefore(r) ?? null),
    extents: specs.map((r) => ruleExtent(r) ?? null),
    needs: specs.map(ruleNeeds),
    runs: specs.map((r) => ruleRun(r) ?? null),
    folded: specs.map((r) => ruleFolded(r) ?? null),
    literals: specs.map((r) => ruleLiteral(r) ?? null),
  };
}

/** The rule's regex written without the `i` flag (src/engine/case-fold.ts), or undefined: it has none, or no such rewrite. */
export function ruleFolded(spec: RuleSpec): string | undefined {
  const known = builtOf(spec)?.folded;
  if (known !== undefined) return known ?? undefined;
  return spec.regex === undefined ? undefined : foldCase(spec.regex, spec.flags ?? '');
}

/**
 * A string every match of a rule run on the whole text holds as written (src/engine/required-chars.ts), or undefined
 * (and for a windowed rule: its windows are small, and their needed characters tell the same).
 */
export function ruleLiteral(spec: RuleSpec): string | undefined {
  const known = builtOf(spec)?.literal;
  if (known !== undefined) return known ?? undefined;
  return spec.regex === undefined || ruleLineSpan(spec) !== undefined ? undefined : requiredLiteral(spec.regex, spec.flags ?? '');
}

/** The longest run of one class every match of a windowed rule reads (src/engine/required-chars.ts), or undefined. */
export function ruleRun(spec: RuleSpec): RunNeed | undefined {
  const known = builtOf(spec)?.run;
  if (known !== undefined) return known ?? undefined;
  return ruleLineSpan(spec) === undefined ? undefined : requiredRun(spec.regex!, spec.flags ?? '');
}

/** Characters every match of a windowed rule holds one of (src/engine/required-chars.ts); [] for a rule run on the whole text. */
export function ruleNeeds(spec: RuleSpec): readonly CharNeed[] {
  const known = builtOf(spec)?.needs;
  if (known !== undefined) return known;
  return ruleLineSpan(spec) === undefined ? [] : requiredChars(spec.regex!, spec.flags ?? '', spec.keywords);
}

/**
 * How far around a keyword a rule's regex reads (src/engine/match-extent.ts), or undefined. A rule whose keywords
 * may be anywhere in the file (`keywordScope: file`) has none: its matches need not hold one.
 */
export function ruleExtent(spec: RuleSpec): MatchExtent | undefined {
  const known = builtOf(spec)?.extent;
  if (known !== undefined) return known ?? undefined;
  return spec.regex === undefined || spec.keywordScope === 'file' ? undefined : matchExtent(spec.regex, spec.flags ?? '', spec.keywords);
}

/**
 * How many lines before a keyword's line the rule's window needs: none when every match starts on its keyword's
 * line (src/engine/keyword-reach.ts), else its whole span (a keyword may sit on the match's last line).
 */
export function ruleLinesBefore(spec: RuleSpec): number | undefined {
  const known = builtOf(spec)?.before;
  if (known !== undefined) return known ?? undefined;
  const span = ruleLineSpan(spec);
  if (span === undefined || span === 0) return span;
  return opensOnKeywordLine(spec.regex!, spec.flags ?? '', spec.keywords) ? 0 : span;
}

/** A rule's line span (see `lineSpan`): from the build when it was worked out there, else from its regex. */
export function ruleLineSpan(spec: RuleSpec): number | undefined {
  const known = builtOf(spec)?.span;
  if (known !== undefined) return known ?? undefined;
  return spec.regex === undefined || spec.keywordScope === 'file' ? undefined : lineSpan(spec.regex, spec.flags ?? '', spec.keywords);
}

type Mode = 'main' | 'ahead' | 'behind';
type State = { flags: string; newlineInLookahead: boolean; references: boolean };


/**
 * Most line breaks the part below `node` can consume (Infinity: no bound, or a part that breaks windowing).
 * `last`: nothing is read after this node inside its lookahead.
 */
function breaks(node: AstNode, mode: Mode, last: boolean, st: State): number {
  const n = node as unknown as Node;
  if (LEAVES.has(n.type)) {
    if (!matchesNewline(n.raw, st.flags)) return 0;
    if (mode === 'main') return 1;
    if (mode === 'ahead' && last) {
      st.newlineInLookahead = true;
      return 0;
    }
    return Infinity;
  }
  switch (n.type) {
    case 'anchor':
      return n.kind === 'start' ? Infinity : 0;
    case 'reference':
      st.references = true;
      return 0;
    case 'group': {
      const b = n.behavior;
      if (b === 'lookahead' || b === 'negativeLookahead') return sequence(children(n), 'ahead', true, st) === 0 ? 0 : Infinity;
      if (b === 'lookbehind' || b === 'negativeLookbehind') return sequence(children(n), 'behind', false, st) === 0 ? 0 : Infinity;
      return sequence(children(n), mode, last, st);
    }
    case 'quantifier': {
      const max = n.max ?? Infinity;
      const inner = sequence(children(n), mode, last && max <= 1, st);
      return inner === 0 ? 0 : inner * max;
    }
    case 'disjunction':
      return Math.max(0, ...children(n).map((c) => breaks(c, mode, last, st)));
    case 'alternative':
      return sequence(children(n), mode, last, st);
    default:
      return Infinity; // a node type this check does not know
  }
}

/** A sequence: only its final element can be the last thing read. */
function sequence(nodes: AstNode[], mode: Mode, last: boolean, st: State): number {
  let sum = 0;
  nodes.forEach((c, i) => (sum += breaks(c, mode, last && i === nodes.length - 1, st)));
  return sum;
}

function matchesNewline(raw: string, flags: string): boolean {
  try {
    return new RegExp(raw, flags).test('\n');
  } catch {
    return true;
  }
}
