import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleError, type Problem } from '../errors.js';
import { readBundle, ruleFileNames } from './rule-bundle.js';
import type { RuleSpec } from './rule-types.js';
import { validateRule, type FileDefaults } from './validate-rule.js';
import { parseYaml, type YamlSource } from './yaml-source.js';

const FILE_KEYS = new Set(['provider', 'remediation', 'rules']);

let rulesDir: string | undefined;
/** The `rules/` folder shipped with keyward (next to `dist/` and `src/`); worked out once per process. */
export function builtinRulesDir(): string {
  return (rulesDir ??= path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules'));
}

/** Parses and validates one rules file's text. Problems are collected, never thrown. */
export function parseRuleFile(file: string, text: string, problems: Problem[]): RuleSpec[] {
  const parsed = parseYaml(file, text);
  problems.push(...parsed.problems);
  if (!parsed.source) return [];
  return rulesFromSource(parsed.source, problems);
}

function rulesFromSource(src: YamlSource, problems: Problem[]): RuleSpec[] {
  const data = src.data as Record<string, unknown> | null;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push(src.problem([], 'a rules file must be a mapping with a "rules" list'));
    return [];
  }
  for (const k of Object.keys(data)) if (!FILE_KEYS.has(k)) problems.push(src.problem([k], `unknown key "${k}" (allowed: provider, remediation, rules)`, 'key'));
  if (data.provider !== undefined && typeof data.provider !== 'string') problems.push(src.problem(['provider'], 'must be a string'));
  const defaults: FileDefaults = {
    provider: typeof data.provider === 'string' ? data.provider : undefined,
    remediation: typeof data.remediation === 'object' && data.remediation !== null ? (data.remediation as FileDefaults['remediation']) : {},
  };
  if (!Array.isArray(data.rules)) {
    problems.push(src.problem(data.rules === undefined ? [] : ['rules'], 'needs a "rules" list'));
    return [];
  }
  const out: RuleSpec[] = [];
  data.rules.forEach((raw, i) => {
    const rule = validateRule(raw, ['rules', i], src, defaults, problems);
    if (rule) out.push(rule);
  });
  return out;
}

/** Loads every `*.yaml` / `*.yml` in `dir`, sorted by name; throws one RuleError listing all problems. */
export function loadRulesDir(dir: string, displayBase = path.dirname(dir)): RuleSpec[] {
  const problems: Problem[] = [];
  let names: string[];
  try {
    names = ruleFileNames(dir);
  } catch (e) {
    throw new RuleError('cannot read rules', [{ file: dir, message: (e as Error).message }]);
  }
  const rules: RuleSpec[] = [];
  for (const name of names) {
    const full = path.join(dir, name);
    const shown = path.relative(displayBase, full).split(path.sep).join('/');
    rules.push(...parseRuleFile(shown, fs.readFileSync(full, 'utf8'), problems));
  }
  checkUniqueIds(rules, problems);
  if (problems.length) throw new RuleError('invalid rules', problems, 'fix the rule files listed above; nothing was scanned');
  return rules;
}

/** The built-in rules: from the precompiled bundle while it matches rules/, else from the YAML. */
export function loadBuiltinRules(dir = builtinRulesDir()): RuleSpec[] {
  return (dir === builtinRulesDir() ? readBundle(dir, undefined, { loadYaml: loadRulesDir, shipped: shippedPackage() }) : undefined) ?? loadRulesDir(dir);
}

/** Whether keyward runs from an installed package: one without its sources (src/), as npm installs it from the tarball. */
export function shippedPackage(): boolean {
  return !fs.existsSync(path.join(path.dirname(builtinRulesDir()), 'src'));
}

export function checkUniqueIds(rules: RuleSpec[], problems: Problem[]): void {
  const seen = new Map<string, RuleSpec>();
  for (const r of rules) {
    const prev = seen.get(r.id);
    if (prev) problems.push({ file: r.source.file, line: r.source.line, path: 'id', message: `duplicate rule id "${r.id}" (also in ${prev.source.file}:${prev.source.line})` });
    else seen.set(r.id, r);
  }
}
