import { describe, expect, it } from 'vitest';
import { loadRulesDir, builtinRulesDir } from '../../src/engine/load-rules.js';
import { checkRuleExamples } from '../../src/engine/rule-examples.js';

const specs = loadRulesDir(builtinRulesDir());

describe('built-in rules', () => {
  it('load without problems and have unique ids', () => {
    expect(specs.length).toBeGreaterThan(0);
    expect(new Set(specs.map((s) => s.id)).size).toBe(specs.length);
  });

  it.each(specs.filter((s) => s.regex !== undefined).map((s) => [s.id, s] as const))('%s: every match example fires and no clean example does', (_id, spec) => {
    expect(checkRuleExamples([spec])).toEqual([]);
  });

  it.each(specs.filter((s) => s.regex !== undefined).map((s) => [s.id, s] as const))('%s: has keywords, examples and a remediation', (_id, spec) => {
    expect(spec.keywords.length).toBeGreaterThan(0);
    expect(spec.examples.match.length).toBeGreaterThanOrEqual(2);
    expect(spec.examples.clean.length).toBeGreaterThanOrEqual(1);
  });
});

describe('checkRuleExamples', () => {
  it('reports a match example that does not fire and a clean example that does', () => {
    const [spec] = specs;
    const broken = { ...spec!, examples: { match: ['nothing here'], clean: [spec!.examples.match[0]!] } };
    expect(checkRuleExamples([broken]).map((f) => f.kind)).toEqual(['match', 'clean']);
  });

  it('reports a match example whose keyword is not on the line of the match, and names keywordScope', () => {
    const spec = specs.find((s) => s.id === 'github-token')!;
    const moved = { ...spec, keywords: ['github'], examples: { match: ['# github\n' + spec.examples.match[0]!.replace(/github/gi, 'gh')], clean: [] } };
    const [failure] = checkRuleExamples([moved]);
    expect(failure?.message).toMatch(/no keyword on the lines of the match.*keywordScope: file/);
    expect(checkRuleExamples([{ ...moved, keywordScope: 'file' }])).toEqual([]);
  });

  it('says so when the regex matches an example that holds none of the keywords', () => {
    const spec = specs.find((s) => s.id === 'okta-api-token')!;
    const ssws = spec.examples.match.find((e) => e.includes('SSWS') && !/okta/i.test(e))!;
    const [failure] = checkRuleExamples([{ ...spec, keywords: ['okta'], examples: { match: [ssws], clean: [] } }]);
    expect(failure?.message).toMatch(/none of the keywords \(okta\) is in the example/);
    expect(checkRuleExamples([{ ...spec, examples: { match: ['nothing here'], clean: [] } }])[0]?.message).toBe('the regex did not match');
  });
});
