import type { CompiledRule } from '../engine/rule-types.js';
import { holdsNeeds, holdsRun, type NeedTable, type RunTable } from './char-needs.js';
import { lineWindows } from './line-windows.js';
import { merged, type Ends } from './prefilter.js';

/**
 * What choosing a windowed rule's windows needs of the rule, as plain data that a reader thread can be sent: the
 * indices of its keywords (in the prefilter's numbering), its line span, and the needed characters and run.
 */
export interface WindowRule {
  keywords: readonly number[];
  lineSpan: number;
  linesBefore: number;
  needs?: NeedTable;
  run?: RunTable;
}

/** A rule as WindowRule, or null for one that does not run in keyword windows (it runs on whole texts). */
export function windowRule(rule: CompiledRule, keywordIndex: ReadonlyMap<string, number>): WindowRule | null {
  const lineSpan = rule.lineSpan;
  if (lineSpan === undefined) return null;
  return { keywords: rule.keywords.map((k) => keywordIndex.get(k)!), lineSpan, linesBefore: rule.linesBefore ?? lineSpan, needs: rule.needs, run: rule.run };
}

/**
 * Chooses windowed rules' windows, as the detector would (detector.ts), on a reader thread: `plan` appends the
 * windows of UTF-8 `bytes` (keyword hits `ends`) that each windowed rule whose keywords occur would search:
 * `[rules with windows, then per rule its index, its count of windows and their [from, to) byte offsets]`. A
 * window without a character every match needs, or without the run every match holds, is left out; a rule with no
 * window left is listed with none.
 */
export class WindowPlanner {
  /** Per keyword, the windowed rules that have it; and a mark per rule, cleared after each text. */
  private readonly rulesOf: number[][];
  private readonly marked: Uint8Array;
  /** Per keyword, 1 when a rule that runs on whole texts has it. */
  private readonly whole: Uint8Array;

  /** `wholeText`: the keywords of the rules that are not windowed (null in `rules`). */
  constructor(
    private readonly rules: readonly (WindowRule | null)[],
    keywords: number,
    wholeText: readonly number[] = [],
  ) {
    this.rulesOf = Array.from({ length: keywords }, () => []);
    rules.forEach((rule, r) => rule?.keywords.forEach((k) => this.rulesOf[k]!.push(r)));
    this.marked = new Uint8Array(rules.length);
    this.whole = new Uint8Array(keywords);
    for (const k of wholeText) this.whole[k] = 1;
  }

  /** Whether a keyword of a rule that runs on whole texts occurs (`plan` leaves such rules out). */
  runsWhole(ends: Ends): boolean {
    for (let k = 0; k < ends.length; k++) if (ends[k] !== undefined && this.whole[k] === 1) return true;
    return false;
  }

  /** Appends the windows (see above); returns how many windows it listed in all. */
  plan(bytes: Uint8Array, ends: Ends, out: number[]): number {
    const { rules, rulesOf, marked } = this;
    for (let k = 0; k < ends.length; k++) if (ends[k] !== undefined) for (const r of rulesOf[k]!) marked[r] = 1;
    const at = out.length;
    out.push(0);
    let listed = 0;
    let windows = 0;
    for (let r = 0; r < rules.length; r++) {
      if (marked[r] === 0) continue;
      marked[r] = 0;
      const rule = rules[r]!;
      listed++;
      out.push(r, 0);
      const count = out.length - 1;
      for (const [from, to] of lineWindows(bytes, merged(ends, rule.keywords), rule.lineSpan, rule.linesBefore)) {
        if (rule.needs && !holdsNeeds(bytes, from, to, rule.needs)) continue;
        if (rule.run && !holdsRun(bytes, from, to, rule.run)) continue;
        out.push(from, to);
        out[count]++;
      }
      windows += out[count]!;
    }
    out[at] = listed;
    return windows;
  }
}

/** The windows WindowPlanner.plan put at `from` in `packed`, by rule index: [from, to) pairs. */
export function plannedWindows(packed: Int32Array, from: number): Map<number, Int32Array> {
  const out = new Map<number, Int32Array>();
  let p = from + 1;
  for (let j = packed[from]!; j > 0; j--) {
    const rule = packed[p]!;
    const n = packed[p + 1]!;
    out.set(rule, packed.subarray(p + 2, p + 2 + 2 * n));
    p += 2 + 2 * n;
  }
  return out;
}
