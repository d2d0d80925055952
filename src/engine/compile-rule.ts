import { needTable, runTable } from '../detect/char-needs.js';
import { cachedGlobSource, globSource } from './glob-cache.js';
import { ruleExtent, ruleFolded, ruleLineSpan, ruleLinesBefore, ruleLiteral, ruleNeeds, ruleRun } from './line-local.js';
import type { NeedTable, RunTable } from '../detect/char-needs.js';
import type { MatchExtent } from './match-extent.js';
import type { CompiledRule, RuleSpec } from './rule-types.js';

const always = () => true;
const never = () => false;

/** One matcher per list of globs: the three generic rules share their test-folder list. */
const matchers = new Map<string, (p: string) => boolean>();

/**
 * A path matcher for `globs` (or `fallback` when there are none), compiled on its first call: a hook run rarely
 * asks. Rules with the same globs get the same matcher, which remembers its last answer: the detector asks for
 * one path after the other, each rule of a file in turn, so a file is matched once per list, not once per rule.
 */
export function globMatcher(globs: string[] | undefined, fallback: (p: string) => boolean): (p: string) => boolean {
  if (!globs || globs.length === 0) return fallback;
  const key = JSON.stringify(globs);
  let matcher = matchers.get(key);
  if (!matcher) {
    let match: ((p: string) => boolean) | undefined;
    let last: string | undefined;
    let answer = false;
    matcher = (p) => {
      if (p !== last) (answer = (match ??= compileGlobs(globs))(p)), (last = p);
      return answer;
    };
    matchers.set(key, matcher);
  }
  return matcher;
}

/**
 * What `picomatch(globs, { dot, nocase, matchBase })` answers (globs without a slash match the base name), as one
 * regex built from picomatch's own: picomatch's matcher tries each glob in turn and builds a result object per
 * try, ~2.5 µs per path for a rule's 20 test-folder globs, asked for every path a scan meets. A path equal to a
 * glob matches, as in picomatch, even when the glob's special characters would not match themselves.
 */
export function compileGlobs(globs: string[]): (p: string) => boolean {
  const base = !globs.some((g) => g.includes('/'));
  let re: RegExp | undefined;
  // The built-in rules' lists as the build compiled them (glob-cache.ts), others with picomatch now.
  const regex = () => (re ??= new RegExp(cachedGlobSource(globs) ?? globSource(globs), 'i'));
  const literal = new Set(globs);
  const mayMatch = literalFilter(globs);
  return (p) => p !== '' && (literal.has(p) || (mayMatch(p) && regex().test(base ? p.slice(p.lastIndexOf('/') + 1) : p)));
}

/**
 * A cheap first test for a list of globs: false when the path holds none of the literal parts the globs need
 * (`**\/test/**` needs "test", `**\/*.lock` ".lock"), so no glob can match. Most paths a scan meets hold none, and
 * the picomatch regex of a list like the generic rules' 20 test-folder globs takes ~1 µs a path (each `**\/` tries
 * every slash): all 14 built-in lists over the tree corpus's 8,626 paths took 142 ms, now 112; a list none of whose
 * paths passes is never compiled either (all 14: ~17 ms). A list with a glob that has no such part, or one that is
 * more than `*`, `?`, `/` and literal characters (braces, classes, extglobs, negations, escapes), is always tested
 * with the regex.
 */
function literalFilter(globs: readonly string[]): (p: string) => boolean {
  const parts: string[] = [];
  for (const g of globs) {
    if (!/^[A-Za-z0-9._/*?-]+$/.test(g)) return always;
    // Between wildcards and slashes: characters every matching path holds in this order, ASCII, compared
    // without case (picomatch's nocase folds ASCII letters only, as a lowercased path does).
    const longest = g.split(/[/*?]+/).reduce((a, b) => (b.length > a.length ? b : a), '');
    if (longest === '') return always;
    parts.push(longest.toLowerCase());
  }
  // A part that holds another is tested by the other: "tests" and "__tests__" by "test".
  const needed = [...new Set(parts)].filter((x, _, all) => !all.some((y) => y !== x && x.includes(y)));
  return (p) => {
    const lower = lowered(p);
    for (const x of needed) if (lower.includes(x)) return true;
    return false;
  };
}

/** The last path lowercased: each list of a file's rules asks for the same path in turn. */
let lastPath = '';
let lastLower = '';
function lowered(p: string): string {
  if (p !== lastPath) (lastLower = p.toLowerCase()), (lastPath = p);
  return lastLower;
}

/**
 * Turns validated rule data into the form the detector runs. Only the keywords are worked out here: everything else
 * is made on first read (see CompiledSpec).
 */
export function compileRule(spec: RuleSpec): CompiledRule {
  return new CompiledSpec(spec);
}

/** Not worked out yet (undefined is an answer). */
const NOT_YET: unique symbol = Symbol('not yet');
type Lazy<T> = T | typeof NOT_YET;

/**
 * A rule as the detector runs it. Building a detector reads only the keywords of each rule (and the paths of
 * whole-file rules); the rest is worked out when first read, for the rules whose keywords a scan meets. A commit's
 * few files hit a handful of the 372 rules: the regex (parsing all patterns was ~2 ms of the hook's start-up),
 * the facts (built-in rules bring them from the build; parsing a regex for them costs ~0.2 ms), the allowlists,
 * and, for a bundle rule, every field past its head, read from the bundle on first use (rule-bundle.ts). A class,
 * not closures: the hook made ~3 KB of them per rule, for every rule, at every commit.
 */
class CompiledSpec implements CompiledRule {
  readonly keywords: string[];
  private regexMemo: RegExp | undefined;
  private spanMemo: Lazy<number | undefined> = NOT_YET;
  private beforeMemo: Lazy<number | undefined> = NOT_YET;
  private extentMemo: Lazy<MatchExtent | undefined> = NOT_YET;
  private needsMemo: Lazy<NeedTable | undefined> = NOT_YET;
  private runMemo: Lazy<RunTable | undefined> = NOT_YET;
  private literalMemo: Lazy<string | undefined> = NOT_YET;
  private allowRegexesMemo: RegExp[] | undefined;
  private stopwordsMemo: string[] | undefined;
  private appliesToMemo: ((p: string) => boolean) | undefined;
  private allowsPathMemo: ((p: string) => boolean) | undefined;

  constructor(readonly spec: RuleSpec) {
    this.keywords = spec.keywords.map((k) => k.toLowerCase());
  }

  get regex(): RegExp {
    return (this.regexMemo ??= ruleRegex(this.spec));
  }
  get lineSpan(): number | undefined {
    return this.spanMemo === NOT_YET ? (this.spanMemo = ruleLineSpan(this.spec)) : this.spanMemo;
  }
  get linesBefore(): number | undefined {
    return this.beforeMemo === NOT_YET ? (this.beforeMemo = ruleLinesBefore(this.spec)) : this.beforeMemo;
  }
  get extent(): MatchExtent | undefined {
    return this.extentMemo === NOT_YET ? (this.extentMemo = ruleExtent(this.spec)) : this.extentMemo;
  }
  get needs(): NeedTable | undefined {
    return this.needsMemo === NOT_YET ? (this.needsMemo = needTable(ruleNeeds(this.spec))) : this.needsMemo;
  }
  get run(): RunTable | undefined {
    return this.runMemo === NOT_YET ? (this.runMemo = runTable(ruleRun(this.spec))) : this.runMemo;
  }
  get literal(): string | undefined {
    return this.literalMemo === NOT_YET ? (this.literalMemo = ruleLiteral(this.spec)) : this.literalMemo;
  }
  get allowRegexes(): RegExp[] {
    return (this.allowRegexesMemo ??= (this.spec.allow?.regexes ?? []).map((r) => new RegExp(r)));
  }
  get stopwords(): string[] {
    return (this.stopwordsMemo ??= (this.spec.allow?.stopwords ?? []).map((w) => w.toLowerCase()));
  }
  get appliesTo(): (p: string) => boolean {
    return (this.appliesToMemo ??= globMatcher(this.spec.paths, always));
  }
  get allowsPath(): (p: string) => boolean {
    return (this.allowsPathMemo ??= globMatcher(this.spec.allow?.paths, never));
  }
}

/**
 * The regex the detector runs: a case-insensitive one written out without the flag where it can be (case-fold.ts),
 * as the same matches compile faster. The other uses of the rule's regex (probes, examples) keep it as written.
 */
function ruleRegex(spec: RuleSpec): RegExp {
  const flags = spec.flags ?? '';
  const folded = ruleFolded(spec);
  return folded === undefined ? new RegExp(spec.regex ?? '(?!)', `gd${flags}`) : new RegExp(folded, `gd${flags.replace('i', '')}`);
}

/** Content rules for the detector. Hygiene regex rules join only when asked (`keyward hygiene`, scan in a repo). */
export function compileRules(specs: RuleSpec[], opts: { hygiene?: boolean } = {}): CompiledRule[] {
  return specs.filter((s) => (s.kind === 'hygiene' ? opts.hygiene === true && s.regex !== undefined : true)).map(compileRule);
}
