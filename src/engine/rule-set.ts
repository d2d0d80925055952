import { ConfigError, type Problem } from '../errors.js';
import type { Config } from '../config/config.js';
import { compileRules } from './compile-rule.js';
import { builtinRulesDir, checkUniqueIds, loadBuiltinRules } from './load-rules.js';
import type { CompiledRule, RuleSpec } from './rule-types.js';

/** Built-in rules (unless `extends: none`), with the config's overrides, custom rules and global allowlist applied. */
export function resolveRuleSpecs(config: Config, rulesDir = builtinRulesDir()): RuleSpec[] {
  const builtin = config.extends === 'none' ? [] : loadBuiltinRules(rulesDir);
  const problems: Problem[] = [];
  const known = new Set(builtin.map((r) => r.id));
  for (const id of Object.keys(config.rules))
    if (!known.has(id)) problems.push({ file: config.file ?? '.keyward.yaml', path: `rules.${id}`, message: `no built-in rule has the id "${id}"` });
  const all = [...builtin, ...config.customRules];
  checkUniqueIds(all, problems);
  if (problems.length) throw new ConfigError('invalid config', problems);
  return all
    .filter((r) => config.rules[r.id] !== 'off')
    .map((r) => {
      const o = config.rules[r.id];
      const severity = typeof o === 'object' && o.severity ? o.severity : r.severity;
      return { ...r, severity, allow: mergeAllow(r.allow, config.allow) };
    });
}

function mergeAllow(rule: RuleSpec['allow'], global: Config['allow']): RuleSpec['allow'] {
  return {
    stopwords: [...(rule?.stopwords ?? []), ...global.stopwords],
    regexes: [...(rule?.regexes ?? []), ...global.regexes],
    paths: rule?.paths,
  };
}

export function resolveRules(config: Config, rulesDir?: string, opts: { hygiene?: boolean } = {}): CompiledRule[] {
  return compileRules(resolveRuleSpecs(config, rulesDir), opts);
}
