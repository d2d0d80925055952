import { ConfigError, type Problem } from '../errors.js';
import type { AllowList, Config } from '../config/config.js';
import { unknownRuleMessage } from '../config/validate-config.js';
import { compileRules } from './compile-rule.js';
import { builtinRulesDir, checkUniqueIds, loadBuiltinRules } from './load-rules.js';
import type { CompiledRule, RuleSpec } from './rule-types.js';

const loaded = new Map<string, RuleSpec[]>();

/** The rules in `dir`, loaded once per process (config validation and rule resolution both need them); from the precompiled bundle while it matches. */
export function builtinRuleSpecs(rulesDir = builtinRulesDir()): RuleSpec[] {
  let specs = loaded.get(rulesDir);
  if (!specs) loaded.set(rulesDir, (specs = loadBuiltinRules(rulesDir)));
  return specs;
}

/** Built-in rules (unless `extends: none`), with the config's overrides, custom rules and allowlists applied. */
export function resolveRuleSpecs(config: Config, rulesDir = builtinRulesDir()): RuleSpec[] {
  const builtin = config.extends === 'none' ? [] : builtinRuleSpecs(rulesDir);
  const all = [...builtin, ...config.customRules];
  const problems: Problem[] = [];
  const known = all.map((r) => r.id);
  for (const id of Object.keys(config.rules))
    if (!known.includes(id)) problems.push({ file: config.file ?? '.keyward.yaml', ...config.rulePositions?.[id], path: `rules.${id}`, message: unknownRuleMessage(id, known, config.extends) });
  checkUniqueIds(all, problems);
  if (problems.length) throw new ConfigError('invalid config', problems, 'fix the config file; nothing was scanned');
  const globalAllow = config.allow.stopwords.length > 0 || config.allow.regexes.length > 0;
  return all
    .filter((r) => config.rules[r.id] !== 'off')
    .map((r) => {
      const o = config.rules[r.id];
      // Nothing to change (the usual run: no config, or one without allowlists and overrides): the rule as loaded,
      // not a copy (372 copies of differently shaped objects were ~1.5 ms of the hook's start-up). Rules are never mutated.
      if (o === undefined && !globalAllow) return r;
      const override = typeof o === 'object' ? o : {};
      return withPrototype(r, { ...r, severity: override.severity ?? r.severity, allow: mergeAllow(r.allow, config.allow, override.allow) });
    });
}

/** `copy` with the prototype of `rule`: a bundled rule's texts are read through its prototype (rule-bundle.ts). */
function withPrototype(rule: RuleSpec, copy: RuleSpec): RuleSpec {
  return Object.setPrototypeOf(copy, Object.getPrototypeOf(rule)) as RuleSpec;
}

/** The rule's own allowlist, plus the config's global stopwords and regexes, plus the config's allowlist for this rule. */
function mergeAllow(rule: RuleSpec['allow'], global: AllowList, perRule: AllowList | undefined): RuleSpec['allow'] {
  const paths = [...(rule?.paths ?? []), ...(perRule?.paths ?? [])];
  return {
    stopwords: [...(rule?.stopwords ?? []), ...global.stopwords, ...(perRule?.stopwords ?? [])],
    regexes: [...(rule?.regexes ?? []), ...global.regexes, ...(perRule?.regexes ?? [])],
    paths: paths.length ? paths : undefined,
  };
}

export function resolveRules(config: Config, rulesDir?: string, opts: { hygiene?: boolean } = {}): CompiledRule[] {
  return compileRules(resolveRuleSpecs(config, rulesDir), opts);
}
