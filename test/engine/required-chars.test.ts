import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdsNeeds, needTable } from '../../src/detect/char-needs.js';
import { ruleNeeds } from '../../src/engine/line-local.js';
import { builtinRulesDir, loadRulesDir } from '../../src/engine/load-rules.js';
import { requiredChars } from '../../src/engine/required-chars.js';

const ascii = (re: string, flags = '', keywords = ['token']) => requiredChars(re, flags, keywords).map((n) => n.ascii);

describe('requiredChars', () => {
  it('finds the digit a positive lookahead asks for, and the separator and quote a match reads', () => {
    expect(ascii('token[ \\t]*[:=][ \\t]*(?<q>["\'])(?=[^"\'\\s]{0,40}[0-9])[A-Za-z0-9]{10,40}\\k<q>')).toEqual([':=', '"\'', '0123456789']);
  });

  it('leaves out optional parts, negative lookarounds and zero-or-more repeats', () => {
    expect(ascii('token(?:=[0-9])?(?![0-9])(?<!@)[0-9]*-{0,3}')).toEqual([]);
  });

  it('joins the narrowest class of each alternative, and knows none when one alternative needs nothing', () => {
    expect(ascii('token(?:=|:[0-9]|->)')).toEqual(['-:=']);
    expect(ascii('token(?:=|x*)')).toEqual([]);
  });

  it('leaves out classes every window holds anyway: letters, blanks and the keywords\' characters', () => {
    expect(ascii('token[a-z]{3}\\s[0-9_]{4}', '', ['token'])).toEqual(['0123456789_']);
    expect(ascii('tok3n=', '', ['tok3n'])).toEqual(['=']);
    expect(ascii('tok3n=', 'i', ['TOK3N'])).toEqual(['=']);
  });

  it('keeps the narrowest three', () => {
    expect(ascii('token[0-9]@#%')).toEqual(['@', '#', '%']);
  });

  it('says when a class may hold a non-ASCII character', () => {
    const non = (re: string, flags = '') => requiredChars(re, flags, ['token']).map((n) => n.nonAscii);
    expect(non('token[0-9]')).toEqual([false]);
    expect(non('token[0-9é]')).toEqual([true]);
    expect(non('token[^\\x00-\\x7f]')).toEqual([true]);
    expect(non('token[^"]{0,9}\\d')).toEqual([false]);
  });

  it('knows nothing of a regex it cannot parse', () => {
    expect(requiredChars('token(', '', ['token'])).toEqual([]);
  });

  it('every built-in rule example that matches holds the characters its rule needs', () => {
    const specs = loadRulesDir(builtinRulesDir());
    let checked = 0;
    for (const spec of specs) {
      const table = needTable(ruleNeeds(spec));
      if (!table) continue;
      for (const e of spec.examples.match) {
        const bytes = Buffer.from(e);
        expect(holdsNeeds(bytes, 0, bytes.length, table), `${spec.id}: ${e}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('a text that a regex matches always holds its needs (random texts)', () => {
    const regexes = [
      ['token[ \\t]*[:=][ \\t]*(?<q>["\'])(?=[^"\'\\s]{0,20}[0-9])[A-Za-z0-9é]{4,20}\\k<q>', 'i'],
      ['token(?:=|:[0-9]|->)(?<=[=>0-9])@?', ''],
      ['(?<![0-9])token[^\\s"]{1,5}(?:#|\\$\\$)', 'iu'],
    ] as const;
    const text = fc.array(fc.constantFrom('token', 'TOKEN', 'x', '1', '=', ':', '->', '"', "'", ' ', '@', '#', '$', 'é', '\n'), { maxLength: 24 }).map((p) => p.join(''));
    for (const [source, flags] of regexes) {
      const table = needTable(requiredChars(source, flags, ['token']))!;
      expect(table).toBeDefined();
      const re = new RegExp(source, flags);
      fc.assert(fc.property(text, (t) => !re.test(t) || holdsNeeds(Buffer.from(t), 0, Buffer.byteLength(t), table)), { numRuns: 2000 });
    }
  });
});
