import type { CompiledRule } from '../../src/engine/rule-types.js';
import { describe, expect, it } from 'vitest';
import { KeywordMatcher } from '../../src/detect/aho-corasick.js';
import { buildPrefilter, naivePrefilter } from '../../src/detect/prefilter.js';
import { compileRule } from '../../src/engine/compile-rule.js';
import type { RuleSpec } from '../../src/engine/rule-types.js';
import { defaultConfig } from '../../src/config/config.js';
import { resolveRules } from '../../src/engine/rule-set.js';
import { Detector } from '../../src/detect/detector.js';
import { bytesFragment } from '../../src/sources/read-text.js';
import { fake } from '../helpers/fake-keys.js';

let seed = 12345;
const rand = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return (seed >>> 8) % n; // the low bits of an LCG cycle with a short period
};
const pick = (s: string) => s[rand(s.length)]!;
const randomString = (alphabet: string, len: number) => Array.from({ length: len }, () => pick(alphabet)).join('');

function rule(id: string, keywords: string[]) {
  const spec = { id, keywords, regex: 'x', severity: 'high', kind: 'secret', title: id, description: id, provider: 'p', remediation: {}, examples: { match: [], clean: [] }, source: { file: 't' } } as RuleSpec;
  return compileRule(spec);
}

const found = (m: KeywordMatcher, text: string) => {
  const ends: (number[] | undefined)[] = new Array(m.keywords.length);
  m.locate(text, ends);
  return Array.from(ends, (l) => (l ? 1 : 0));
};

describe('Aho-Corasick keyword prefilter', () => {
  it('finds overlapping, nested and repeated keywords in one pass', () => {
    const m = new KeywordMatcher(['he', 'she', 'his', 'hers', 'sk-', 'sk-proj-']);
    expect(found(m, 'ushers')).toEqual([1, 1, 0, 1, 0, 0]);
    expect(found(m, 'xsk-proj-1')).toEqual([0, 0, 0, 0, 1, 1]);
    expect(found(m, 'nothing here')).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it('matches case-insensitively without lower-casing the text', () => {
    const m = new KeywordMatcher(['akia', 'private key']);
    expect(found(m, 'id=AKIAXXXX -----BEGIN RSA PRIVATE KEY-----')).toEqual([1, 1]);
  });

  it('treats an empty keyword as present in every text', () => {
    expect(found(new KeywordMatcher(['', 'zz']), 'abc')).toEqual([1, 0]);
  });

  it('gives the same rules as lower-casing and one includes() per keyword, on random inputs', () => {
    const keywordAlphabet = 'abcsk-_ké';
    const textAlphabet = 'abcsk-_ABCSK ké\u00c9\u00e9\u4e2d\n';
    for (let round = 0; round < 200; round++) {
      const rules = Array.from({ length: 1 + rand(8) }, (_, i) =>
        rule(`r${i}`, Array.from({ length: 1 + rand(3) }, () => randomString(keywordAlphabet, 1 + rand(4)))),
      );
      const fast = buildPrefilter(rules);
      const slow = naivePrefilter(rules);
      for (let t = 0; t < 20; t++) {
        const text = randomString(textAlphabet, rand(60));
        expect(fast.candidates(text).map((r) => r.spec.id)).toEqual(slow.candidates(text).map((r) => r.spec.id));
      }
    }
  });

  it('gives the same answer from UTF-8 bytes as from the decoded text when keywords are ASCII', () => {
    const rules = resolveRules(defaultConfig());
    const fast = buildPrefilter(rules);
    const alphabet = 'skSK-_pPrRoOjJaAiIkKtTeEyYvV ghG\u00e9\u00fc\u4e2d\u{1f511}\n';
    for (let t = 0; t < 2000; t++) {
      const text = [...Array(rand(80))].map(() => [...alphabet][rand([...alphabet].length)]).join('');
      const fromBytes = fast.candidatesInBytes(Buffer.from(text, 'utf8'))!.map((r) => r.spec.id);
      expect(fromBytes).toEqual(naivePrefilter(rules).candidates(text).map((r) => r.spec.id));
    }
  });

  it('declines to answer from bytes when a keyword is not ASCII', () => {
    expect(buildPrefilter([rule('r', ['clé'])]).candidatesInBytes(Buffer.from('CLÉ'))).toBeUndefined();
  });

  it('takes the hits a source found already instead of scanning the bytes again', () => {
    const rules = [rule('a', ['x']), rule('b', ['y'])];
    const prefilter = buildPrefilter(rules, 0);
    const bytes = Buffer.from('x and x');
    // The source says keyword 1 (`y`) ends at offset 4: the prefilter believes it, and never reads the bytes.
    const hits = prefilter.locate({ text: 'x and x', bytes, scanned: { located: (ends) => ((ends[1] = [4]), 1) } })!;
    expect(hits.rules.map((r) => r.spec.id)).toEqual(['b']);
    expect(Array.from(hits.byteOffsets!(hits.rules[0]!))).toEqual([4]);
    expect(prefilter.locate({ text: 'x', bytes, scanned: { located: () => 0 } })).toBeUndefined();
    expect(prefilter.byteKeywords).toEqual(['x', 'y']);
    expect(buildPrefilter([rule('r', ['clé'])]).byteKeywords).toBeUndefined();
  });

  it('keeps rule order and reports a rule once when several of its keywords occur', () => {
    const rules = [rule('a', ['x', 'y']), rule('b', ['z']), rule('c', ['y'])];
    expect(buildPrefilter(rules).candidates('Y and X').map((r) => r.spec.id)).toEqual(['a', 'c']);
  });

  it('gives the detector the same findings from a bytes fragment as from the text', () => {
    const detector = new Detector(resolveRules(defaultConfig()));
    const keys = [fake.sk(), fake.aws(), fake.github(), fake.stripeLive(), fake.anthropic()];
    let found = 0;
    for (let t = 0; t < 50; t++) {
      const text = Array.from({ length: 1 + rand(6) }, () => (rand(2) ? `clé ${randomString('ab é\u4e2d', rand(20))} = "${keys[rand(keys.length)]}"` : randomString('sk-AKIA ghp_é', rand(40)))).join(rand(2) ? '\n' : '\r\n');
      const fromText = detector.detect({ path: 'a.env', text }).candidates.map((c) => [c.rule.spec.id, c.line, c.column, c.endColumn, c.secret]);
      const fromBytes = detector.detect(bytesFragment('a.env', Buffer.from(text))).candidates.map((c) => [c.rule.spec.id, c.line, c.column, c.endColumn, c.secret]);
      expect(fromBytes).toEqual(fromText);
      found += fromText.length;
    }
    expect(found).toBeGreaterThan(20);
  });
});

const kwRule = (id: string, keywords: string[]) => ({ spec: { id }, keywords }) as unknown as CompiledRule;
const kwIds = (rules: CompiledRule[]) => rules.map((r) => r.spec.id);

describe('keyword prefilter on text', () => {
  const rules = [kwRule('sk', ['sk-']), kwRule('ant', ['sk-ant-']), kwRule('gl', ['glpat-', 'gldt-']), kwRule('aws', ['akia', 'asia']), kwRule('umlaut', ['schlüssel_'])];
  const pf = buildPrefilter(rules);

  it('selects every rule whose keyword occurs, also when one keyword contains another', () => {
    expect(kwIds(pf.candidates('KEY=sk-ant-api03-abc'))).toEqual(['sk', 'ant']);
  });

  it('ignores ASCII case in the text', () => {
    expect(kwIds(pf.candidates('AWS_ACCESS_KEY_ID=AKIA0000'))).toEqual(['aws']);
    expect(kwIds(pf.candidates('token: GLDT-abc'))).toEqual(['gl']);
  });

  it('finds a keyword at the very start and the very end of the text', () => {
    expect(kwIds(pf.candidates('glpat-'))).toEqual(['gl']);
    expect(kwIds(pf.candidates('x = 1 # asia'))).toEqual(['aws']);
  });

  it('selects nothing when no keyword occurs, even after partial matches', () => {
    expect(pf.candidates('s k- sk_ glpa gldt akiX as-ia')).toEqual([]);
  });

  it('resets on non-ASCII characters instead of matching across them', () => {
    expect(pf.candidates('sk\u00e9-')).toEqual([]);
    expect(kwIds(pf.candidates('\u00e9sk-'))).toEqual(['sk']);
  });

  it('still honours keywords with non-ASCII characters', () => {
    expect(kwIds(pf.candidates('SCHLÜSSEL_=abc'))).toEqual(['umlaut']);
  });

});
