import { isAscii } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { KeywordMatcher } from '../../src/detect/aho-corasick.js';
import { holdsNeeds, holdsRun } from '../../src/detect/char-needs.js';
import { Detector } from '../../src/detect/detector.js';
import { lineWindows } from '../../src/detect/line-windows.js';
import { merged, type Ends } from '../../src/detect/prefilter.js';
import { WindowPlanner, plannedWindows } from '../../src/detect/window-plan.js';
import { defaultConfig } from '../../src/config/config.js';
import { resolveRules } from '../../src/engine/rule-set.js';
import type { ScannedBytes } from '../../src/sources/fragment.js';
import { bytesFragment } from '../../src/sources/read-text.js';
import { fake, randomChars } from '../helpers/fake-keys.js';

const rules = resolveRules(defaultConfig());
const detector = new Detector(rules, { automatonAfter: 0 });
const plan = detector.threadPlan()!;
const matcher = new KeywordMatcher(plan.keywords);

/** Texts with keywords, assignments, digits, long runs, long lines and secrets, some with non-ASCII characters. */
function texts(): string[] {
  const pieces = () => [
    `const token = "${fake.github()}";`,
    `api_key: ${randomChars(30)}`,
    `password = hunter${randomChars(3, '0123456789')}`,
    'secret token without a value',
    `AWS_ACCESS_KEY_ID=${fake.aws()}`,
    `var a=1;`.repeat(500) + `token="${randomChars(24)}";` + 'var b=2;'.repeat(500),
    `OPENAI_API_KEY=${fake.sk()}`,
    `clé = "${randomChars(12)}" # token`,
    `url = "https://user:${randomChars(10)}@example.invalid/x"`,
    'just words and numbers 12345',
  ];
  return Array.from({ length: 40 }, (_, t) => {
    const p = pieces();
    return Array.from({ length: 3 + (t % 9) }, (_, i) => p[(t * 7 + i * 3) % p.length]!).join(t % 4 === 0 ? '\r\n' : '\n');
  });
}

/** What a reader thread would tell the detector about these bytes. */
function scannedBy(planner: WindowPlanner, bytes: Buffer): ScannedBytes {
  const ends: Ends = new Array(plan.keywords.length);
  matcher.locateBytes(bytes, ends);
  const packed: number[] = [];
  planner.plan(bytes, ends, packed);
  const byRule = plannedWindows(Int32Array.from(packed), 0);
  return { located: (into) => (ends.forEach((l, k) => l && (into[k] = [...l])), ends.filter(Boolean).length), ascii: isAscii(bytes), utf8: true, windows: (r) => byRule.get(r) };
}

describe('WindowPlanner', () => {
  it('chooses, for every windowed rule whose keywords occur, the windows the detector would search', () => {
    const planner = new WindowPlanner(plan.rules, plan.keywords.length);
    let checked = 0;
    for (const text of texts()) {
      const bytes = Buffer.from(text);
      const ends: Ends = new Array(plan.keywords.length);
      matcher.locateBytes(bytes, ends);
      const packed: number[] = [];
      planner.plan(bytes, ends, packed);
      const byRule = plannedWindows(Int32Array.from(packed), 0);
      plan.rules.forEach((rule, r) => {
        const hit = rule !== null && rule.keywords.some((k) => ends[k] !== undefined);
        expect(byRule.has(r), `rule ${r}`).toBe(hit);
        if (!hit) return;
        const expected = lineWindows(bytes, merged(ends, rule.keywords), rule.lineSpan, rule.linesBefore).filter(
          ([from, to]) => (!rule.needs || holdsNeeds(bytes, from, to, rule.needs)) && (!rule.run || holdsRun(bytes, from, to, rule.run)),
        );
        expect(Array.from(byRule.get(r)!), `rule ${r}`).toEqual(expected.flat());
        checked += expected.length;
      });
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('gives the detector the same findings through planned windows as through its own', () => {
    const planner = new WindowPlanner(plan.rules, plan.keywords.length);
    let found = 0;
    for (const text of texts()) {
      const bytes = Buffer.from(text);
      const own = detector.detect(bytesFragment('a.env', bytes)).candidates.map((c) => [c.rule.spec.id, c.secret, c.line, c.column]);
      const planned = detector.detect(bytesFragment('a.env', bytes, { scanned: scannedBy(planner, bytes) })).candidates.map((c) => [c.rule.spec.id, c.secret, c.line, c.column]);
      expect(planned).toEqual(own);
      found += own.length;
    }
    expect(found).toBeGreaterThan(20);
  });

  it('counts the windows it lists: none for a text whose keywords have nothing around them a rule could match', () => {
    const planner = new WindowPlanner(plan.rules, plan.keywords.length, plan.wholeText);
    const count = (text: string) => {
      const bytes = Buffer.from(text);
      const ends: Ends = new Array(plan.keywords.length);
      matcher.locateBytes(bytes, ends);
      const packed: number[] = [];
      const n = planner.plan(bytes, ends, packed);
      const listed = [...plannedWindows(Int32Array.from(packed), 0).values()].reduce((sum, w) => sum + w.length / 2, 0);
      expect(n).toBe(listed);
      return n;
    };
    expect(count('// the token is passed on to the next handler\nreturn secret;\n')).toBe(0);
    expect(count(`const token = "${fake.github()}";\n`)).toBeGreaterThan(0);
  });

  it('tells whether a keyword of a rule that runs on whole texts occurs (the plan leaves such rules out)', () => {
    const planner = new WindowPlanner(plan.rules, plan.keywords.length, plan.wholeText);
    const whole = plan.rules.findIndex((r) => r === null);
    expect(whole).toBeGreaterThanOrEqual(0);
    const runsWhole = (text: string) => {
      const ends: Ends = new Array(plan.keywords.length);
      matcher.locateBytes(Buffer.from(text), ends);
      return planner.runsWhole(ends);
    };
    expect(runsWhole('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
    expect(runsWhole('the token is passed on')).toBe(false);
  });

  it('leaves a window out only where the detector would: an empty plan finds nothing', () => {
    const bytes = Buffer.from(`const token = "${fake.github()}";\n`);
    const scanned = { ...scannedBy(new WindowPlanner(plan.rules, plan.keywords.length), bytes), windows: () => new Int32Array(0) };
    expect(detector.detect(bytesFragment('a.js', bytes)).candidates.length).toBeGreaterThan(0);
    expect(detector.detect(bytesFragment('a.js', bytes, { scanned })).candidates).toEqual([]);
  });
});
