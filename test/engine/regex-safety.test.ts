import { describe, expect, it } from 'vitest';
import { regexHazard } from '../../src/engine/regex-safety.js';
import { builtinRulesDir, loadRulesDir } from '../../src/engine/load-rules.js';

describe('regex safety check for user rules', () => {
  it.each(['(a+)+$', '(x+x+)+y', '^(\\w+\\s?)*$', '(a|aa)+$', '(?:ab|abc)*z', '([a-z]+)*@', '(a*)*b'])('rejects the catastrophic pattern %s', (re) => {
    expect(regexHazard(re)).toMatch(/backtrack exponentially/);
  });

  it.each([
    '(?<![A-Za-z0-9_-])(?<secret>sk-[A-Za-z0-9]{32,})(?![A-Za-z0-9])',
    'acme_[a-z0-9]{32}',
    '(?:[a-f0-9]{4}-){3}[a-f0-9]{12}',
    '(?:api|secret)[_-]?key\\s*[:=]\\s*["\']([A-Za-z0-9]{20,})["\']',
    '(?:foo|bar)+',
    'xox[baprs]-(?:[0-9]{10,13}-){2}[A-Za-z0-9]{24}',
  ])('accepts the linear pattern %s', (re) => {
    expect(regexHazard(re)).toBeUndefined();
  });

  it('accepts every built-in rule', () => {
    const bad = loadRulesDir(builtinRulesDir())
      .filter((r) => r.regex && regexHazard(r.regex, r.flags))
      .map((r) => `${r.id}: ${regexHazard(r.regex!, r.flags)}`);
    expect(bad).toEqual([]);
  });
});
