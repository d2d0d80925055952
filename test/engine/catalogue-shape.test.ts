import { describe, expect, it } from 'vitest';
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

  it('tells where to act on every secret: a revoke page, or provider-specific steps', () => {
    const silent = specs.filter((s) => s.kind === 'secret' && !s.remediation.revoke && !s.remediation.steps?.length).map((s) => s.id);
    expect(silent).toEqual([]);
  });
});
