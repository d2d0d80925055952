import type { CompiledRule } from '../engine/rule-types.js';
import type { MatchExtent } from '../engine/match-extent.js';
import { decode } from './location.js';

/**
 * Probes a long keyword window of UTF-8 bytes (a minified bundle's line) before the rule's regex runs on all of
 * it: only the characters its regex can read around each keyword (the rule's extent) are decoded and searched.
 * Every match the full window holds has a keyword within reach of its start and reads nothing outside its
 * keyword's probe, so a window whose probes all fail holds no match; one that a probe hits is searched whole,
 * as before, so findings, positions and line texts come out the same.
 *
 * Extents count UTF-16 code units. In ASCII bytes they are bytes; in other UTF-8 a code unit takes at most three
 * bytes, so the probes reach three times as far (a sequence their edges cut decodes to a replacement character
 * outside the part a match can read), and each is searched from its start.
 */
export class KeywordProbe {
  /** Index of the first keyword offset not yet passed (windows come in text order). */
  private next = 0;
  /**
   * The extent in bytes: how far before a keyword's end a match starts, and how far before and after that a probe
   * reads. A rule whose extent counts unbounded runs of a class as `cap` characters reads a longest cap more on
   * each side, and its probe looks for a longer run there (probeRegex): each run its matches meet is then short.
   */
  private readonly reach: number;
  private readonly behind: number;
  private readonly ahead: number;
  /** Bytes one probe decodes at most. */
  private readonly width: number;

  constructor(
    private readonly rule: CompiledRule,
    private readonly extent: MatchExtent,
    private readonly bytes: Uint8Array,
    private readonly offsets: ArrayLike<number>,
    private readonly ascii: boolean,
  ) {
    const bytesPer = ascii ? 1 : 3;
    const m = margin(extent);
    this.reach = extent.reach * bytesPer;
    this.behind = (extent.behind + m) * bytesPer;
    this.ahead = (extent.ahead + 1 + m) * bytesPer;
    this.width = probeWidth(extent, ascii);
  }

  /**
   * Whether every match of the rule lies inside the probes around its keywords, so that the lines holding the probes
   * that hit can stand for a whole text (`regions`): it has an extent, and no `^` or `$` (where a part of a text
   * starts or ends they would match, where the text goes on). Tells by its source: any `^` or `$` outside a class.
   */
  static confines(rule: CompiledRule): rule is CompiledRule & { extent: MatchExtent } {
    let known = confined.get(rule);
    if (known === undefined) confined.set(rule, (known = rule.extent !== undefined && !/[\^$]/.test((rule.spec.regex ?? '').replace(/\\[\s\S]/g, '').replace(/\[[^\]]*\]/g, ''))));
    return known;
  }

  /** Whether the window [from, to) is worth probing rather than searching whole: it is much longer than one probe. */
  static worthIt(extent: MatchExtent, from: number, to: number, ascii: boolean): boolean {
    return to - from > 2 * (probeWidth(extent, ascii) + PROBE_COST);
  }

  /**
   * Whether the rule's regex may match in window [from, to): false only when it cannot. Also true, without a
   * probe, when the keywords in the window are so many that their probes would cost about as much as
   * searching it whole (a string decoded and a search started per probe).
   */
  mayMatch(from: number, to: number): boolean {
    return this.probe(from, to, true) !== NO_MATCH;
  }

  /**
   * The parts of [from, to) the rule's matches lie in, as [lo, hi) pairs in order: the probes around its keywords
   * that hit, merged (none: no match), or all of [from, to) when its keywords are dense (see mayMatch). Undefined
   * when a probe that hit also holds a run of a class longer than the extent counts: a match may then reach out of it.
   */
  regions(from: number, to: number): number[] | undefined {
    const out: number[] = [];
    return this.probe(from, to, false, out) === LONG_RUN ? undefined : out;
  }

  /**
   * Probes the keywords in [from, to), in order. `first`: stops at the first probe that hits (mayMatch). Else each
   * probe that hits goes into `out`; a run longer than counted in one stops the search (LONG_RUN).
   */
  private probe(from: number, to: number, first: boolean, out?: number[]): typeof NO_MATCH | typeof MAY_MATCH | typeof LONG_RUN {
    const { offsets, ascii, reach, behind, ahead } = this;
    let i = this.next;
    while (i < offsets.length && offsets[i]! < from) i++;
    let last = i;
    while (last < offsets.length && offsets[last]! < to) last++;
    if ((last - i) * (this.width + PROBE_COST) * 2 > to - from) {
      this.next = last;
      out?.push(from, to);
      return MAY_MATCH;
    }
    const runs = this.extent.runs.length > 0;
    let found: typeof NO_MATCH | typeof MAY_MATCH = NO_MATCH;
    let lo = -1;
    let hi = -1;
    let start = 0;
    for (; i <= last; i++) {
      const end = i < last ? offsets[i]! : -1;
      const a = Math.max(from, end - reach - behind);
      const b = Math.min(to, end + ahead);
      if (i < last && lo !== -1 && a <= hi) {
        hi = Math.max(hi, b);
        continue;
      }
      if (lo !== -1) {
        const text = this.hits(lo, hi, start);
        if (text !== undefined) {
          if (first) return (this.next = i), MAY_MATCH;
          if (runs && longRunRegex(this.rule, this.extent).test(text)) return (this.next = last), LONG_RUN;
          out!.push(lo, hi);
          found = MAY_MATCH;
        }
      }
      if (i === last) break;
      lo = a;
      hi = b;
      // Matches start at most `reach` before a keyword's end; with runs to look for, or offsets in the text
      // unknown (not ASCII), the search starts at the probe's start.
      start = runs || !ascii ? a : Math.max(from, end - reach);
    }
    this.next = last;
    return found;
  }

  /** The probe's text when the probe regex hits in it (from `start`), else undefined. */
  private hits(lo: number, hi: number, start: number): string | undefined {
    const re = probeRegex(this.rule, this.extent);
    re.lastIndex = start - lo;
    const text = decode(this.bytes, lo, hi, this.ascii);
    return re.test(text) ? text : undefined;
  }
}

const NO_MATCH = 0;
const MAY_MATCH = 1;
const LONG_RUN = 2;

const probes = new WeakMap<CompiledRule, RegExp>();
const longRuns = new WeakMap<CompiledRule, RegExp>();
/** KeywordProbe.confines, per rule (asked for each text a rule run on whole texts meets). */
const confined = new WeakMap<CompiledRule, boolean>();

/** What starting one probe costs (a string, a search), in bytes searched: measured on the benchmark corpora. */
const PROBE_COST = 512;

/** Bytes one probe decodes at most (asked for each long window: no allocation). */
const probeWidth = (extent: MatchExtent, ascii: boolean) => (ascii ? 1 : 3) * (extent.reach + extent.behind + extent.ahead + 1 + 2 * margin(extent));

/** Characters a probe reads beyond its extent on each side: one more than the longest run its extent counts. */
function margin(extent: MatchExtent): number {
  let cap = -1;
  for (const r of extent.runs) cap = Math.max(cap, r.cap);
  return cap + 1;
}

/** The rule's regex without match indices, also matching a run of any class its extent counts that is longer than counted. */
function probeRegex(rule: CompiledRule, extent: MatchExtent): RegExp {
  let re = probes.get(rule);
  if (!re) {
    const { regex, flags = '' } = rule.spec;
    const source = [`(?:${regex!})`, ...runPatterns(extent)].join('|');
    probes.set(rule, (re = new RegExp(source, `g${flags}`)));
  }
  return re;
}

/** A run of a class the extent counts, longer than counted: where one is, a match may reach further than the extent says. */
function longRunRegex(rule: CompiledRule, extent: MatchExtent): RegExp {
  let re = longRuns.get(rule);
  if (!re) longRuns.set(rule, (re = new RegExp(runPatterns(extent).join('|'), rule.spec.flags ?? '')));
  return re;
}

/** A pattern for each run the extent counts, one character longer than counted. */
const runPatterns = (extent: MatchExtent): string[] => extent.runs.map((r) => `${r.source}{${r.cap + 1}}`);
