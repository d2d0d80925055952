import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { parseYaml } from '../../src/engine/yaml-source.js';
import { formatProblem, type Problem } from '../../src/errors.js';
import { resolveRuleSpecs } from '../../src/engine/rule-set.js';

const BUILTIN = ['sk-standard-key', 'stripe-test-secret-key', 'aws-access-key-id'];

function validate(text: string) {
  const parsed = parseYaml('.keyward.yaml', text);
  if (!parsed.source) throw new Error(parsed.problems.map(formatProblem).join('\n'));
  const problems: Problem[] = [];
  const config = validateConfig(parsed.source, problems, { builtinRuleIds: () => BUILTIN });
  return { config, messages: problems.map(formatProblem) };
}

describe('validating .keyward.yaml', () => {
  it('accepts an empty file as the default config', () => {
    const { config, messages } = validate('');
    expect(messages).toEqual([]);
    expect(config).toMatchObject(defaultConfig());
  });

  it('reads every documented key', () => {
    const { config, messages } = validate(
      [
        'extends: recommended',
        'maxFileSize: 2m',
        'hygiene: off',
        'allow:',
        '  paths: [test/fixtures/**]',
        '  regexes: ["^sk-test-"]',
        '  stopwords: [dummy]',
        'rules:',
        '  stripe-test-secret-key: off',
        '  aws-access-key-id: {severity: critical}',
        '  sk-standard-key:',
        '    allow:',
        '      paths: [docs/**]',
        '      stopwords: [demo]',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
    expect(config.maxFileSize).toBe(2 * 1024 * 1024);
    expect(config.hygiene).toEqual({ enabled: false });
    expect(config.allow).toEqual({ paths: ['test/fixtures/**'], regexes: ['^sk-test-'], stopwords: ['dummy'] });
    expect(config.rules).toEqual({
      'stripe-test-secret-key': 'off',
      'aws-access-key-id': { severity: 'critical' },
      'sk-standard-key': { allow: { paths: ['docs/**'], regexes: [], stopwords: ['demo'] } },
    });
  });

  it('takes hygiene as a mapping with an enabled switch', () => {
    expect(validate('hygiene: {enabled: false}').config.hygiene.enabled).toBe(false);
    expect(validate('hygiene: on').config.hygiene.enabled).toBe(true);
    expect(validate('hygiene: {enable: false}').messages).toEqual(['.keyward.yaml:1:11 hygiene.enable: unknown key "enable" (did you mean "enabled"?)']);
  });

  it('lists wrong types, bad regexes and unknown keys all at once, each with line, column and key path', () => {
    const { messages } = validate(
      [
        'extend: none', // 1
        'maxFileSize: lots', // 2
        'allow:', // 3
        '  paths: test/**', // 4
        '  regexes: ["(unclosed", 42]', // 5
        'rules:', // 6
        '  aws-access-key-id: {severity: hgh}', // 7
        '  sk-standard-key: {allow: {regexes: ["[z-a]"]}}', // 8
        'hygiene: 3', // 9
      ].join('\n'),
    );
    expect(messages).toEqual([
      '.keyward.yaml:1:1 extend: unknown key "extend" (did you mean "extends"?)',
      '.keyward.yaml:2:14 maxFileSize: must be a positive size in bytes or with a suffix: 500k, 10m, 1g (got a string "lots")',
      '.keyward.yaml:4:10 allow.paths: must be a list of strings (got a string "test/**")',
      '.keyward.yaml:5:26 allow.regexes[1]: must be a non-empty string (got a number 42)',
      expect.stringMatching(/^\.keyward\.yaml:5:13 allow\.regexes\[0\]: invalid regex: /),
      '.keyward.yaml:9:10 hygiene: must be on, off or a mapping such as {enabled: false} (got a number 3)',
      '.keyward.yaml:7:33 rules.aws-access-key-id.severity: must be one of critical, high, medium, low, info (got a string "hgh") (did you mean "high"?)',
      expect.stringMatching(/^\.keyward\.yaml:8:39 rules\.sk-standard-key\.allow\.regexes\[0\]: invalid regex: /),
    ]);
  });

  it('suggests the nearest rule id for a misspelt id under rules', () => {
    const { messages } = validate('rules:\n  sk-standard-kye: off\n  nothing-like-it: off\n');
    expect(messages).toEqual([
      '.keyward.yaml:2:3 rules.sk-standard-kye: no rule has the id "sk-standard-kye" (did you mean "sk-standard-key"?)',
      '.keyward.yaml:3:3 rules.nothing-like-it: no rule has the id "nothing-like-it"',
    ]);
  });

  it('lets rules override custom rules, and rejects built-in ids under extends: none', () => {
    const custom = [
      'customRules:',
      '  - id: acme-key',
      '    title: Acme key',
      '    description: d',
      '    severity: high',
      '    provider: Acme',
      '    keywords: [acme_]',
      "    regex: 'acme_[a-z0-9]{16}'",
      '    examples: {match: [acme_0123456789abcdef]}',
    ].join('\n');
    expect(validate(`${custom}\nrules:\n  acme-key: {severity: low}\n`).messages).toEqual([]);
    expect(validate(`extends: none\n${custom}\nrules:\n  sk-standard-key: off\n`).messages).toEqual([
      '.keyward.yaml:12:3 rules.sk-standard-key: no rule has the id "sk-standard-key" (with extends: none, only customRules can be overridden)',
    ]);
  });

  it('adds a per-rule allowlist to that rule only', () => {
    const { config } = validate('allow: {stopwords: [global]}\nrules:\n  sk-standard-key: {allow: {paths: [docs/**], regexes: ["^sk-demo"]}}\n');
    const specs = resolveRuleSpecs(config);
    const sk = specs.find((r) => r.id === 'sk-standard-key')!;
    const other = specs.find((r) => r.id === 'aws-access-key-id')!;
    expect(sk.allow).toMatchObject({ paths: ['docs/**'], regexes: ['^sk-demo'], stopwords: ['global'] });
    expect(other.allow?.paths ?? []).not.toContain('docs/**');
    expect(other.allow?.regexes).not.toContain('^sk-demo');
  });
});
