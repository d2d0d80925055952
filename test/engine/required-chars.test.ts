import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdsNeeds, holdsRun, needTable, runTable } from '../../src/detect/char-needs.js';
import { ruleLiteral, ruleNeeds, ruleRun } from '../../src/engine/line-local.js';
import { builtinRulesDir, loadRulesDir } from '../../src/engine/load-rules.js';
import { MIN_LITERAL, MIN_RUN, requiredChars, requiredLiteral, requiredRun } from '../../src/engine/required-chars.js';
import type { RuleSpec } from '../../src/engine/rule-types.js';

const ascii = (re: string, flags = '', keywords = ['token']) => requiredChars(re, flags, keywords).map((n) => n.ascii);

/** Asserts `holds` on the match examples of each built-in rule that `test` gives one for; returns how many it checked. */
function checkMatchExamples(test: (spec: RuleSpec) => ((bytes: Buffer) => boolean) | undefined): number {
  let checked = 0;
  for (const spec of loadRulesDir(builtinRulesDir())) {
    const holds = test(spec);
    if (!holds) continue;
    for (const e of spec.examples.match) {
      expect(holds(Buffer.from(e)), `${spec.id}: ${e}`).toBe(true);
      checked++;
    }
  }
  return checked;
}

/** Asserts `holds` on every random text (from `text`) that the regex matches. */
function checkMatchedTexts(source: string, flags: string, text: fc.Arbitrary<string>, holds: (bytes: Buffer) => boolean): void {
  const re = new RegExp(source, flags);
  fc.assert(fc.property(text, (t) => !re.test(t) || holds(Buffer.from(t))), { numRuns: 2000 });
}

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
    const checked = checkMatchExamples((spec) => {
      const table = needTable(ruleNeeds(spec));
      return table && ((b) => holdsNeeds(b, 0, b.length, table));
    });
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
      checkMatchedTexts(source, flags, text, (b) => holdsNeeds(b, 0, b.length, table));
    }
  });
});

describe('requiredRun', () => {
  it('finds the longest repeat of one class a match cannot do without', () => {
    expect(requiredRun('token=(?<secret>[a-f0-9]{64})(?:[A-Z]{80})?', '')).toEqual({ ascii: '0123456789abcdef', nonAscii: false, length: 64 });
    expect(requiredRun('key(?:=[0-9]{20}[a-z]{30})+', '')?.length).toBe(30);
    expect(requiredRun('(?=[^\\s]{0,99}[0-9])x[A-Z0-9]{20,40}', '')?.length).toBe(20);
  });

  it('knows none shorter than MIN_RUN, inside an alternation, optional, negative or of a class that crosses lines', () => {
    expect(requiredRun(`x[a-z]{${MIN_RUN - 1}}`, '')).toBeUndefined();
    expect(requiredRun('x(?:[a-z]{40}|y)', '')).toBeUndefined();
    expect(requiredRun('x(?:[a-z]{40})?', '')).toBeUndefined();
    expect(requiredRun('x(?![a-z]{40})', '')).toBeUndefined();
    expect(requiredRun('x[\\s\\S]{40}', '')).toBeUndefined();
    expect(requiredRun('x(', '')).toBeUndefined();
  });

  it('widens a class under the i flag, and says when it may hold non-ASCII characters', () => {
    expect(requiredRun('x[a-c]{20}', 'i')).toEqual({ ascii: 'ABCabc', nonAscii: false, length: 20 });
    expect(requiredRun('x[a-z]{20}', 'i')?.nonAscii).toBe(true); // ſ and the Kelvin sign fold to s and k
    expect(requiredRun('x[^"\\n]{20}', '')?.nonAscii).toBe(true);
  });

  it('every built-in rule example that matches holds the run its rule needs', () => {
    const checked = checkMatchExamples((spec) => {
      const table = runTable(ruleRun(spec));
      return table && ((b) => holdsRun(b, 0, b.length, table));
    });
    expect(checked).toBeGreaterThan(500);
  });

  it('a text that a regex matches always holds its run (random texts)', () => {
    const regexes = [
      ['tok(?<v>[a-c0-9]{16,20})', 'i'],
      ['tok(?:=[ab]{16})+x', ''],
      ['(?<=t)ok[^"\\n]{16}', 'u'],
    ] as const;
    const text = fc.array(fc.constantFrom('tok', 'TOK', 'a', 'b', 'C', '1', '=', '"', ' ', 'x', 'é', 'aaaaaaaa', 'bbbbbbbb'), { maxLength: 30 }).map((p) => p.join(''));
    for (const [source, flags] of regexes) {
      const table = runTable(requiredRun(source, flags))!;
      expect(table, source).toBeDefined();
      checkMatchedTexts(source, flags, text, (b) => holdsRun(b, 0, b.length, table));
    }
  });
});

describe('requiredLiteral', () => {
  it('finds the longest string a match holds as written, through plain and named groups', () => {
    expect(requiredLiteral('-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]{64,512}?-----END', '')).toBe('PRIVATE KEY');
    expect(requiredLiteral('(?:(?<secret>ab(?:cd)ef)[0-9]{4})', '')).toBe('abcdef');
    expect(requiredLiteral('x(?:=key:){2}[0-9]', '')).toBe('=key:');
  });

  it('knows none in an alternation, an optional part or a lookaround, none shorter than MIN_LITERAL, and no letters under the i flag', () => {
    expect(requiredLiteral('(?:PRIVATE KEY|SECRET KEY)=[0-9]+', '')).toBeUndefined();
    expect(requiredLiteral('x(?:PRIVATE KEY)?=[0-9]+', '')).toBeUndefined();
    expect(requiredLiteral('x(?=PRIVATE KEY)[A-Z ]+', '')).toBeUndefined();
    expect(requiredLiteral(`[0-9]${'k'.repeat(MIN_LITERAL - 1)}[0-9]`, '')).toBeUndefined();
    expect(requiredLiteral('PRIVATE KEY[0-9]', 'i')).toBeUndefined();
    expect(requiredLiteral('[a-z]+ -> [0-9]+', 'i')).toBe(' -> ');
    expect(requiredLiteral('x(', '')).toBeUndefined();
  });

  it('every built-in rule example that matches holds the string its rule needs', () => {
    const checked = checkMatchExamples((spec) => {
      const literal = ruleLiteral(spec);
      return literal && ((b) => b.includes(literal));
    });
    expect(checked).toBeGreaterThan(10);
  });

  it('a text that a regex matches always holds its literal (random texts)', () => {
    const regexes = [
      ['-----BEGIN(?: [A-Z]+)? KEY-----[a-z0-9]{2,8}-----END', ''],
      ['(?<secret>key:(?:abc){1,2}[0-9])', ''],
    ] as const;
    const text = fc.array(fc.constantFrom('-----BEGIN', ' RSA', ' KEY-----', '-----END', 'key:', 'abc', 'a', '1', ' ', 'é'), { maxLength: 16 }).map((p) => p.join(''));
    for (const [source, flags] of regexes) {
      const literal = requiredLiteral(source, flags)!;
      expect(literal, source).toBeDefined();
      checkMatchedTexts(source, flags, text, (b) => b.includes(literal));
    }
  });
});
