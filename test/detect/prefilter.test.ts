import { describe, expect, it } from 'vitest';
import { buildAutomaton, buildPrefilter } from '../../src/detect/prefilter.js';
import type { CompiledRule } from '../../src/engine/rule-types.js';

const rule = (id: string, keywords: string[]) => ({ spec: { id }, keywords }) as unknown as CompiledRule;
const ids = (rules: CompiledRule[]) => rules.map((r) => r.spec.id);

describe('keyword prefilter', () => {
  const rules = [rule('sk', ['sk-']), rule('ant', ['sk-ant-']), rule('gl', ['glpat-', 'gldt-']), rule('aws', ['akia', 'asia']), rule('umlaut', ['schlüssel_'])];
  const pf = buildPrefilter(rules);

  it('selects every rule whose keyword occurs, also when one keyword contains another', () => {
    expect(ids(pf.candidates('KEY=sk-ant-api03-abc'))).toEqual(['sk', 'ant']);
  });

  it('ignores ASCII case in the text', () => {
    expect(ids(pf.candidates('AWS_ACCESS_KEY_ID=AKIA0000'))).toEqual(['aws']);
    expect(ids(pf.candidates('token: GLDT-abc'))).toEqual(['gl']);
  });

  it('finds a keyword at the very start and the very end of the text', () => {
    expect(ids(pf.candidates('glpat-'))).toEqual(['gl']);
    expect(ids(pf.candidates('x = 1 # asia'))).toEqual(['aws']);
  });

  it('selects nothing when no keyword occurs, even after partial matches', () => {
    expect(pf.candidates('s k- sk_ glpa gldt akiX as-ia')).toEqual([]);
  });

  it('resets on non-ASCII characters instead of matching across them', () => {
    expect(pf.candidates('sk\u00e9-')).toEqual([]);
    expect(ids(pf.candidates('\u00e9sk-'))).toEqual(['sk']);
  });

  it('still honours keywords with non-ASCII characters', () => {
    expect(ids(pf.candidates('SCHLÜSSEL_=abc'))).toEqual(['umlaut']);
  });

  it('agrees with a plain lower-cased includes() on random text', () => {
    const words = ['ab', 'abc', 'bca', 'cab', 'aab', 'b'];
    const ac = buildAutomaton(words);
    let seed = 7;
    for (let n = 0; n < 200; n++) {
      let text = '';
      for (let i = 0; i < 30; i++) text += 'abcAB'[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % 5];
      const expected = words.map((w, i) => [w, i] as const).filter(([w]) => text.toLowerCase().includes(w)).map(([, i]) => i);
      expect([...ac.found(text)].sort()).toEqual(expected);
    }
  });
});
