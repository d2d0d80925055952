import { isAscii, isUtf8 } from 'node:buffer';
import type { CompiledRule } from '../engine/rule-types.js';
import type { Fragment } from '../sources/fragment.js';
import { hasUtf8Bom } from '../sources/read-text.js';
import { allowComment } from './allow-comment.js';
import { holdsNeeds, holdsRun } from './char-needs.js';
import { fileCandidates } from './file-check.js';
import { KeywordProbe } from './keyword-probe.js';
import { shannonEntropy } from './entropy.js';
import { lineWindows, wholeLines } from './line-windows.js';
import { LineIndex, asBuffer, decode } from './location.js';
import { placeholderKind } from './placeholder.js';
import { buildPrefilter, prefilterKeywords } from './prefilter.js';
import type { SharedPlace } from './wasm-dfa.js';
import { windowRule, type WindowRule } from './window-plan.js';

/** A regex match that survived every filter. Positions are file positions (1-based, endColumn inclusive). */
export interface Candidate {
  rule: CompiledRule;
  secret: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  lineText: string;
  /** What reports show instead of the secret, redacted or not (whole-file rules: there is no text secret). */
  shown?: string;
}

export type DropReason =
  | 'path-not-applicable' | 'path-allowed' | 'low-entropy' | 'placeholder' | 'allow-comment' | 'stopword' | 'allow-regex' | 'not-added-line'
  // Dropped after detection, in the findings pipeline (src/findings/suppress.ts).
  | 'ignored' | 'baseline';

/** A regex match that a filter threw away, with the reason (`--debug` shows these). */
export interface Dropped {
  ruleId: string;
  file: string;
  line: number;
  secret: string;
  reason: DropReason;
  detail: string;
}

export interface DetectResult {
  candidates: Candidate[];
  dropped: Dropped[];
}

/** Longest piece of a line kept for code frames: minified bundles have megabyte lines. */
const LINE_TEXT_MAX = 240;

export interface DetectorOptions {
  /**
   * Run each line-bounded rule only on the lines around its keywords (default). False runs every rule over
   * the whole fragment: the reference answer, for differential checks and `rules --test`.
   */
  windows?: boolean;
  /** Characters scanned before the keyword automaton is built (see buildPrefilter; tests set 0). */
  automatonAfter?: number;
}

export class Detector {
  private readonly prefilter: ReturnType<typeof buildPrefilter>;
  private readonly windows: boolean;
  /** Rules with a whole-file check (`file:`) instead of a regex. */
  private readonly fileRules: CompiledRule[];
  /** The rules the prefilter looks for, and each one's index among them (ScannedBytes.windows; built on first use). */
  private readonly contentRules: CompiledRule[];
  private contentIndex: Map<CompiledRule, number> | undefined;
  constructor(
    readonly rules: CompiledRule[],
    opts: DetectorOptions = {},
  ) {
    this.fileRules = rules.filter((r) => r.spec.file !== undefined);
    this.contentRules = contentRules(rules);
    this.prefilter = buildPrefilter(this.contentRules, opts.automatonAfter);
    this.windows = opts.windows ?? true;
  }

  /**
   * Room inside the keyword scanner's memory, for a history scan's byte ring or a tree scan's read buffer: bytes
   * put there are scanned without a copy (a copy into a SharedArrayBuffer is a slow one). One user at a time.
   */
  scanSpace(bytes: number): SharedPlace | undefined {
    return this.prefilter.spare(bytes);
  }

  /** `bytes` of the scanner's memory as a Buffer to read files into (see scanSpace), or undefined. */
  readBuffer(bytes: number): Buffer | undefined {
    const place = this.scanSpace(bytes);
    return place && Buffer.from(place.buffer, place.offset, bytes);
  }

  /**
   * What a reader thread needs to do this detector's keyword pass and choose its windows (Fragment.scanned): the
   * keywords, numbered as the prefilter numbers them, the content rules in order (null: not windowed) and the
   * keywords of those that are not; or undefined when hits found in bytes would not do (a keyword is not ASCII).
   */
  threadPlan(): { keywords: string[]; rules: (WindowRule | null)[]; wholeText: number[] } | undefined {
    const keywords = this.prefilter.byteKeywords;
    if (!keywords) return undefined;
    const index = new Map(keywords.map((k, i) => [k, i]));
    const rules = this.contentRules.map((r) => (this.windows ? windowRule(r, index) : null));
    const wholeText = new Set(this.contentRules.flatMap((r, i) => (rules[i] ? [] : r.keywords.map((k) => index.get(k)!))));
    return { keywords, rules, wholeText: [...wholeText] };
  }

  /** Whether a whole-file rule wants this path's bytes even when they are binary (sources ask before skipping). */
  readsBinary(path: string): boolean {
    return this.fileRules.some((r) => r.appliesTo(path));
  }

  /** Pure: text in, candidates out. Never touches the disk or git. */
  detect(fragment: Fragment): DetectResult {
    if (fragment.binary) return { candidates: fileCandidates(fragment, this.fileRules), dropped: [] };
    const out: DetectResult = { candidates: [], dropped: [] };
    // Bytes first: most fragments hold no keyword and are then never decoded.
    const hits = this.prefilter.locate(fragment, fragment.path);
    if (!hits) return out;
    // `locate` left out the rules that do not apply to this path.
    let rules: CompiledRule[] = [];
    for (const rule of hits.rules) {
      if (!rule.allowsPath(fragment.path)) rules.push(rule);
      else out.dropped.push({ ruleId: rule.spec.id, file: fragment.path, line: 0, secret: '', reason: 'path-allowed', detail: 'the rule allowlists this path' });
    }
    if (rules.length === 0) return out;
    const bytes = fragment.bytes;
    const byteOffsets = hits.byteOffsets;
    // UTF-8 bytes are decoded a window at a time: most of a file never becomes a string (a text of a megabyte is a
    // megabyte of garbage). Windows start at line starts, where no UTF-8 sequence is cut; a byte-order mark (dropped
    // by decodeText) and invalid bytes take the text path.
    if (this.windows && bytes && byteOffsets) {
      const scanned = fragment.scanned;
      const ascii = scanned ? scanned.ascii : isAscii(bytes);
      if (ascii || (scanned ? scanned.utf8 : !hasUtf8Bom(bytes) && isUtf8(bytes))) {
        // A rule run on whole texts (most fragments have none) is searched in the lines around its keywords' probes
        // that hit, and left out when none does; or, when its matches may lie outside its probes, in the whole text.
        let near: Map<CompiledRule, number[]> | undefined;
        if (rules.some((r) => r.lineSpan === undefined)) ({ rules, near } = nearKeywords(rules, bytes, byteOffsets, ascii));
        // The whole text is decoded once, for all the rules that search it.
        let whole: string | undefined;
        const window = (from: number, to: number) => (from === 0 && to === bytes.length ? (whole ??= decode(bytes, from, to, ascii)) : decode(bytes, from, to, ascii));
        const at: Context = { fragment, text: undefined, index: new LineIndex(bytes), window, out };
        const index = scanned && (this.contentIndex ??= new Map(this.contentRules.map((r, i) => [r, i])));
        for (const rule of rules) {
          const lines = near?.get(rule);
          if (lines) for (let i = 0; i < lines.length; i += 2) matchIn(rule, at, lines[i]!, lines[i + 1]!);
          else matchInByteWindows(rule, at, bytes, byteOffsets(rule), ascii, index && scanned.windows(index.get(rule)!));
        }
        return out;
      }
    }
    const text = fragment.text;
    const at: Context = { fragment, text, index: new LineIndex(text), window: (from, to) => (from === 0 && to === text.length ? text : text.slice(from, to)), out };
    for (const rule of rules) {
      const span = this.windows ? rule.lineSpan : undefined;
      if (span === undefined) matchIn(rule, at, 0, text.length);
      else for (const [from, to] of lineWindows(text, hits.offsets(rule), span, rule.linesBefore)) matchIn(rule, at, from, to);
    }
    return out;
  }
}

/**
 * Runs a rule in its keyword windows of UTF-8 bytes. A window without a character every match needs
 * (char-needs.ts: the generic rules' values hold a digit, most lines around `token` hold none), or without the
 * run of one class every match holds (64 hex digits), is skipped undecoded; a long window is first probed
 * around its keywords (keyword-probe.ts). `planned`: the windows a reader thread chose already, those checks done
 * (window-plan.ts). A function of its own: V8 optimises `detect` before any window is long, and a first probe
 * inside it threw `detect`'s optimised code away (~90 ms of compiling it again, in a history scan).
 */
function matchInByteWindows(rule: CompiledRule, at: Context, bytes: Uint8Array, offsets: ArrayLike<number>, ascii: boolean, planned?: Int32Array): void {
  const extent = rule.extent;
  let probe: KeywordProbe | undefined;
  const search = (from: number, to: number) => {
    if (extent && KeywordProbe.worthIt(extent, from, to, ascii) && !(probe ??= new KeywordProbe(rule, extent, bytes, offsets, ascii)).mayMatch(from, to)) return;
    matchIn(rule, at, from, to);
  };
  if (planned) {
    for (let i = 0; i < planned.length; i += 2) search(planned[i]!, planned[i + 1]!);
    return;
  }
  const needs = rule.needs;
  const run = rule.run;
  for (const [from, to] of lineWindows(bytes, offsets, rule.lineSpan, rule.linesBefore)) {
    if (needs && !holdsNeeds(bytes, from, to, needs)) continue;
    if (run && !holdsRun(bytes, from, to, run)) continue;
    search(from, to);
  }
}

/**
 * The rules for these UTF-8 bytes without the ones run on whole texts that cannot match in them (their probes around
 * every keyword fail: keyword-probe.ts), and, for each other one whose matches lie in its probes, the lines to search
 * instead of the whole text (those holding the probes that hit). A minified bundle that mentions "Asia/Tokyo" or
 * "private key" is then not decoded whole for the AWS key pair's or the PEM block's regex, nor is a file of
 * documentation whose one PEM block is a few lines of it (in the tree corpus, 65 files and 9.9 MB were decoded whole);
 * and a file that says "private key" without a `PRIVATE KEY` (24 of the 31 such files there) is not probed.
 */
function nearKeywords(rules: CompiledRule[], bytes: Uint8Array, byteOffsets: (rule: CompiledRule) => ArrayLike<number>, ascii: boolean): { rules: CompiledRule[]; near: Map<CompiledRule, number[]> } {
  const near = new Map<CompiledRule, number[]>();
  const all = [0, bytes.length];
  const kept = rules.filter((rule) => {
    if (rule.lineSpan !== undefined) return true;
    // Bytes without a string every match holds (`PRIVATE KEY`) hold no match: a native search, nothing decoded.
    const literal = rule.literal;
    if (literal !== undefined && asBuffer(bytes).indexOf(literal, 0, 'latin1') === -1) return false;
    // A rule whose matches may lie far from its keywords (`keywordScope: file`), and a text not much longer than one
    // probe, are searched whole.
    if (!KeywordProbe.confines(rule) || !KeywordProbe.worthIt(rule.extent, 0, bytes.length, ascii)) return near.set(rule, all), true;
    const parts = new KeywordProbe(rule, rule.extent, bytes, byteOffsets(rule), ascii).regions(0, bytes.length);
    if (parts?.length === 0) return false;
    near.set(rule, parts ? wholeLines(bytes, parts) : all);
    return true;
  });
  return { rules: kept, near };
}

interface Context {
  fragment: Fragment;
  /** The fragment's whole text, when it was decoded (undefined in byte windows: every context has the same shape). */
  text: string | undefined;
  /** Lines of the fragment's text, or of its bytes. */
  index: LineIndex;
  /** The text of the lines in [from, to) (offsets in the text, or in the bytes). */
  window(from: number, to: number): string;
  out: DetectResult;
}

/**
 * Runs the rule's regex on the lines in [from, to) (`from` is a line start) and keeps or drops each match.
 * Positions are worked out in the window's text, then moved down by the lines before it.
 */
function matchIn(rule: CompiledRule, at: Context, from: number, to: number): void {
  const { fragment, index, out } = at;
  const part = at.window(from, to);
  let lines: LineIndex | undefined;
  let before = 0;
  let lineBase = 0;
  rule.regex.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = rule.regex.exec(part)) !== null) {
    if (m[0].length === 0) rule.regex.lastIndex++;
    const [s, e] = secretSpan(m);
    if (e <= s) continue;
    if (!lines) {
      lines = part === at.text ? index : new LineIndex(part);
      before = from === 0 ? 0 : index.lineOf(from);
      // Read on a match only: a piece of a large file counts its first line from the file's start.
      lineBase = (fragment.startLine ?? 1) - 1;
    }
    const secret = part.slice(s, e);
    const startPos = lines.position(s);
    const endPos = lines.position(e - 1);
    const l0 = startPos.line - 1;
    const line = before + startPos.line + lineBase;
    const lineText = lines.lineText(l0) ?? '';
    const drop = (reason: DropReason, detail: string) => out.dropped.push({ ruleId: rule.spec.id, file: fragment.path, line, secret, reason, detail });
    const why = filterReason(rule, secret, lineText, l0 > 0 ? lines.lineText(l0 - 1) : index.lineText(before - 1));
    if (why) {
      drop(why[0], why[1]);
      continue;
    }
    if (fragment.lines && !fragment.lines.has(line)) {
      drop('not-added-line', 'the line is not added by this change');
      continue;
    }
    out.candidates.push({
      rule,
      secret,
      line,
      column: startPos.column,
      endLine: before + endPos.line + lineBase,
      endColumn: endPos.column,
      lineText: clip(lineText, startPos.column - 1, secret.length),
    });
  }
}

/** The secret is the named group `secret`, else group 1, else the whole match. */
function secretSpan(m: RegExpExecArray): [number, number] {
  const idx = m.indices!;
  const span = idx.groups?.secret ?? (m.length > 1 ? idx[1] : undefined) ?? idx[0];
  return span ? [span[0], span[1]] : [0, 0];
}

function filterReason(rule: CompiledRule, secret: string, line: string, prev: string | undefined): [DropReason, string] | undefined {
  const min = rule.spec.entropy;
  if (min !== undefined) {
    const h = shannonEntropy(secret);
    if (h < min) return ['low-entropy', `entropy ${h.toFixed(2)} < ${min}`];
  }
  if (rule.spec.placeholderCheck !== false) {
    const kind = placeholderKind(secret);
    if (kind) return ['placeholder', kind];
  }
  const comment = allowComment(line, prev);
  if (comment) return ['allow-comment', comment];
  const lower = secret.toLowerCase();
  const stop = rule.stopwords.find((s) => lower.includes(s));
  if (stop) return ['stopword', `contains stopword "${stop}"`];
  const re = rule.allowRegexes.find((r) => r.test(secret));
  if (re) return ['allow-regex', `matches allow regex ${re.source}`];
  return undefined;
}

/** Cuts a very long line to a window around the secret, so code frames stay readable. */
function clip(line: string, col0: number, len: number): string {
  if (line.length <= LINE_TEXT_MAX) return line;
  const from = Math.max(0, col0 - 60);
  const to = Math.min(line.length, Math.max(col0 + Math.min(len, 120) + 60, from + LINE_TEXT_MAX));
  return (from > 0 ? '…' : '') + line.slice(from, to) + (to < line.length ? '…' : '');
}

/** The rules whose keywords the prefilter looks for: all but the whole-file checks. */
const contentRules = (rules: readonly CompiledRule[]) => rules.filter((r) => r.spec.file === undefined);

/** The keywords a detector for these rules looks for, in its automaton's order (the build caches its automaton). */
export function automatonKeywords(rules: readonly CompiledRule[]): string[] {
  return prefilterKeywords(contentRules(rules));
}

export function createDetector(rules: CompiledRule[], opts: DetectorOptions = {}): Detector {
  return new Detector(rules, opts);
}
