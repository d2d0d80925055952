import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/engine/compile-rule.js';
import { foldCase } from '../../src/engine/case-fold.js';
import { ruleFolded } from '../../src/engine/line-local.js';
import { builtinRulesDir, loadRulesDir } from '../../src/engine/load-rules.js';

/** Every match, with its groups' positions: what the detector reads of an exec. */
const matches = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => JSON.stringify([m.indices, m.indices?.groups]));

/** Asserts that the folded source, without `i`, matches exactly as the original does with it, on each text. */
function expectSameMatches(source: string, flags: string, texts: readonly string[]): void {
  const folded = foldCase(source, flags);
  expect(folded, source).toBeDefined();
  const original = new RegExp(source, `gd${flags}`);
  const rewritten = new RegExp(folded!, `gd${flags.replace('i', '')}`);
  for (const t of texts) expect(matches(rewritten, t), `${source} on ${JSON.stringify(t)}`).toEqual(matches(original, t));
}

/** The same text in other cases: all upper, all lower, and mixed. */
const recased = (t: string, seed: number) => [t, t.toUpperCase(), t.toLowerCase(), [...t].map((c, i) => ((i * 7 + seed) % 3 === 0 ? c.toUpperCase() : c.toLowerCase())).join('')];

/** Letters of both cases and the characters case-insensitive matching could confuse with them (ſ, K, É). */
const tricky = fc.string({ unit: fc.constantFrom(...'aAbBeEfFkKsSzZ09_-=:"\'` \n.\u017f\u212a\u00e9\u00c9'.split('')), maxLength: 30 });

describe('foldCase', () => {
  it('spells out both cases of each letter outside a class', () => {
    expect(foldCase('token=', 'i')).toBe('[tT][oO][kK][eE][nN]=');
    expect(foldCase('A\\.b{2}', 'i')).toBe('[Aa]\\.[bB]{2}');
  });

  it('adds to a class the other case of the letters it lacks, negated or not, with a literal - kept literal', () => {
    expect(foldCase('[a-f0-9]', 'i')).toBe('[a-f0-9A-F]');
    expect(foldCase('[^A-Cx_-]', 'i')).toBe('[^A-Cx_\\-a-cX]');
    expect(foldCase('[A-Za-z0-9]', 'i')).toBe('[A-Za-z0-9]');
    expect(foldCase('[\\w.]', 'i')).toBe('[\\w.]');
  });

  it('rewrites only what the flag changes: escapes, dots, anchors and letterless classes stay as written', () => {
    expect(foldCase('^\\d+\\s*[:=]\\b.$', 'i')).toBe('^\\d+\\s*[:=]\\b.$');
  });

  it('allows a backreference to a group that matches no letter, and refuses one that may', () => {
    expect(foldCase('(?<q>["\'])x\\k<q>', 'i')).toBe('(?<q>["\'])[xX]\\k<q>');
    expect(foldCase('(["\'])x\\1', 'i')).toBe('(["\'])[xX]\\1');
    expect(foldCase('(?<w>[a-z]+)=\\k<w>', 'i')).toBeUndefined();
  });

  it('refuses what it cannot rewrite exactly: Unicode mode, non-ASCII characters, and a regex without the flag', () => {
    expect(foldCase('token', 'iu')).toBeUndefined();
    expect(foldCase('caf\u00e9', 'i')).toBeUndefined();
    expect(foldCase('[a-\u00ff]', 'i')).toBeUndefined();
    expect(foldCase('token', '')).toBeUndefined();
    expect(foldCase('(', 'i')).toBeUndefined();
  });

  it('matches exactly as the original on random texts of letters, their look-alikes and punctuation', () => {
    const sources = ['tok[e-k]n', '[^a-c]+', '(?<q>["\'`])[a-z0-9_-]{2,}\\k<q>', '\\bkey\\s*[:=]\\s*[A-F0-9]{4}\\b', '(?<![a-z])s[^\\s"]*K', '[\\w-]+@[^a-z]'];
    for (const source of sources) {
      const folded = new RegExp(foldCase(source, 'i')!, 'gd');
      const original = new RegExp(source, 'gdi');
      fc.assert(fc.property(tricky, (t) => JSON.stringify(matches(folded, t)) === JSON.stringify(matches(original, t))), { numRuns: 2000 });
    }
  });

  it('rewrites every case-insensitive built-in rule, matching its examples in any case exactly as before', () => {
    let folded = 0;
    for (const spec of loadRulesDir(builtinRulesDir())) {
      const flags = spec.flags ?? '';
      if (!spec.regex || !flags.includes('i')) continue;
      const examples = [...spec.examples.match, ...spec.examples.clean];
      expectSameMatches(spec.regex, flags, examples.flatMap((e, i) => recased(e, i)));
      folded++;
    }
    expect(folded).toBeGreaterThan(100);
  });

  it('is what a compiled rule runs: the rewrite, without the flag', () => {
    const spec = loadRulesDir(builtinRulesDir()).find((s) => s.flags?.includes('i') && ruleFolded(s) !== undefined)!;
    const rule = compileRule(spec);
    expect(rule.regex.source).toBe(new RegExp(ruleFolded(spec)!).source);
    expect(rule.regex.flags).not.toContain('i');
    expect(rule.regex.flags).toContain('d');
  });
});
