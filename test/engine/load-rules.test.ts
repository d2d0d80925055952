import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRulesDir } from '../../src/engine/load-rules.js';
import { RuleError } from '../../src/errors.js';
import { tmpDir } from '../helpers/tmp.js';

function loadErrors(files: Record<string, string>): string {
  const dir = path.join(tmpDir(), 'rules');
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  try {
    loadRulesDir(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleError);
    return (e as Error).message;
  }
  throw new Error('expected a RuleError');
}

describe('loading rule files', () => {
  it('lists every problem at once with file, line and key path', () => {
    const msg = loadErrors({
      'acme.yaml': [
        'provider: Acme',
        'rules:',
        '  - id: acme-key',
        '    title: Acme key',
        '    description: d',
        '    severity: high',
        '    keywords: [acme_]',
        "    regex: 'acme_(?<secret>[a-z]{10}'",
        '    examples: {match: [x, y], clean: [z]}',
        '  - id: acme-other',
        '    title: Other',
        '    description: d',
        '    severity: extreme',
        "    regex: 'acme_[a-z]+'",
        '    examples: {match: [x], clean: []}',
        '',
      ].join('\n'),
    });
    expect(msg).toContain('rules/acme.yaml:8:12 rules[0].regex:');
    expect(msg).toMatch(/unterminated group|Unterminated group/);
    expect(msg).toContain('rules/acme.yaml:13:15 rules[1].severity: must be one of');
    expect(msg).toContain('rules/acme.yaml:10:5 rules[1]: missing required key "keywords"');
    expect(msg).toContain('3 problems');
  });

  it('reports YAML syntax errors with line and column', () => {
    const msg = loadErrors({ 'bad.yaml': 'rules:\n  - id: x\n    title: [unclosed\n' });
    expect(msg).toMatch(/rules\/bad\.yaml:\d+:\d+: /);
  });

  it('rejects duplicate rule ids across files', () => {
    const rule = (id: string) => `provider: P\nrules:\n  - id: ${id}\n    title: t\n    description: d\n    severity: low\n    keywords: [k]\n    regex: 'k[0-9]+'\n    examples: {match: [k1, k2], clean: [x]}\n`;
    expect(loadErrors({ 'a.yaml': rule('same-id'), 'b.yaml': rule('same-id') })).toContain('duplicate rule id "same-id"');
  });
});

describe('hygiene rule keys', () => {
  const hygieneRule = (extra: string) => `provider: P\nrules:\n  - id: h-rule\n    title: t\n    description: d\n    severity: low\n    kind: hygiene\n${extra}`;

  it('rejects an unknown check, a hygiene rule with neither check nor regex, and hygiene keys on a secret rule', () => {
    expect(loadErrors({ 'a.yaml': hygieneRule('    check: guess\n') })).toContain('rules[0].check: must be one of not-ignored');
    expect(loadErrors({ 'a.yaml': hygieneRule('    paths: [x]\n') })).toContain('needs "check" or "regex"');
    expect(loadErrors({ 'a.yaml': `provider: P\nrules:\n  - id: s-rule\n    title: t\n    description: d\n    severity: low\n    keywords: [k]\n    regex: 'k[0-9]+'\n    gitignore: [x]\n    examples: {match: [k1], clean: [x]}\n` })).toContain('only allowed on rules with kind: hygiene');
  });

  it('requires keywords and examples of a hygiene rule that has a regex', () => {
    const msg = loadErrors({ 'a.yaml': hygieneRule("    regex: 'x'\n") });
    expect(msg).toContain('missing required key "keywords"');
    expect(msg).toContain('needs "examples"');
  });
});

describe('whole-file rule keys', () => {
  const fileRule = (extra: string) => `provider: P\nrules:\n  - id: f-rule\n    title: t\n    description: d\n    severity: high\n${extra}`;
  const load = (extra: string) => {
    const dir = path.join(tmpDir(), 'rules');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'f.yaml'), fileRule(extra));
    return loadRulesDir(dir);
  };

  it('accepts a file check with paths and base64 examples, without regex or keywords', () => {
    const [spec] = load("    file: pkcs12\n    paths: ['**/*.p12']\n    examples: {match: ['MAMCAQM='], clean: ['']}\n");
    expect(spec).toMatchObject({ id: 'f-rule', file: 'pkcs12', keywords: [] });
  });

  it('rejects an unknown file check, a missing paths list, a regex beside the check, and examples that are not base64', () => {
    expect(loadErrors({ 'a.yaml': fileRule("    file: zip\n    paths: ['*.zip']\n    examples: {match: [AA==]}\n") })).toContain('rules[0].file: must be one of pkcs12');
    expect(loadErrors({ 'a.yaml': fileRule('    file: pkcs12\n    examples: {match: [AA==]}\n') })).toContain('a rule with "file" needs "paths"');
    expect(loadErrors({ 'a.yaml': fileRule("    file: pkcs12\n    paths: ['*.p12']\n    regex: 'x'\n    examples: {match: [AA==]}\n") })).toContain('rules[0].regex: a rule with "file" has no "regex"');
    expect(loadErrors({ 'a.yaml': fileRule("    file: pkcs12\n    paths: ['*.p12']\n    examples: {match: ['not base64!']}\n") })).toContain('rules[0].examples.match[0]: must be base64');
    expect(loadErrors({ 'a.yaml': fileRule("    file: pkcs12\n    paths: ['*.p12']\n    examples: {match: []}\n") })).toContain('must be a non-empty list');
  });
});
