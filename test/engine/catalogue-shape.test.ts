import { describe, expect, it } from 'vitest';
import { openingWords } from '../../src/engine/keyword-reach.js';
import { builtinRulesDir, loadRulesDir } from '../../src/engine/load-rules.js';

const specs = loadRulesDir(builtinRulesDir()).filter((s) => s.kind !== 'hygiene');
/** Words so common in code that, as a keyword, they would send almost every file to the rule's regex. */
const COMMON = new Set(['key', 'keys', 'token', 'secret', 'password', 'passw', 'pass', 'api', 'auth', 'access', 'credential', 'id']);

describe('the built-in catalogue', () => {
  it('has selective keywords: no bare common word unless the rule is generic or limited to some paths', () => {
    const loose = specs
      .filter((s) => !s.id.startsWith('generic') && !s.paths?.length)
      .flatMap((s) => s.keywords.filter((k) => COMMON.has(k.toLowerCase()) || k.length < 2).map((k) => `${s.id}: "${k}"`));
    expect(loose).toEqual([]);
  });

  it('has a keyword in every spelling of a name the regex opens with, when it has one in any', () => {
    // The keyword pass runs a rule only where one of its keywords occurs: a spelling without one (`secret_accesskey`
    // for `secret_?access_?key`) would be found only when another keyword happened to be near.
    // ibm-cloud-api-key: `iam` alone, in every `william` and `diameter`, would send most files to its regex; its
    // keywords take `iam_` and `iam-` names. A file-scoped rule's keyword need not be in the match.
    const exempt = new Set(['ibm-cloud-api-key']);
    const gaps = specs
      .filter((s) => s.regex && s.keywordScope !== 'file' && !exempt.has(s.id))
      .flatMap((s) => {
        const words = openingWords(s.regex!) ?? [];
        const holds = (w: string) => s.keywords.some((k) => w.toLowerCase().includes(k.toLowerCase()));
        return words.some(holds) ? words.filter((w) => !holds(w)).map((w) => `${s.id}: "${w}"`) : [];
      });
    expect(gaps).toEqual([]);
  });

  it('tells where to act on every secret: a revoke page, or provider-specific steps', () => {
    const silent = specs.filter((s) => s.kind === 'secret' && !s.remediation.revoke && !s.remediation.steps?.length).map((s) => s.id);
    expect(silent).toEqual([]);
  });
});
