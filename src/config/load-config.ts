import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, UsageError, type Problem } from '../errors.js';
import { SEVERITIES } from '../engine/rule-types.js';
import { untrustedRegexError, validateRule } from '../engine/validate-rule.js';
import { parseYaml, type YamlSource } from '../engine/yaml-source.js';
import { defaultConfig, type Config } from './config.js';

export const CONFIG_NAMES = ['.keyward.yaml', '.keyward.yml', 'keyward.config.yaml'];

/** Looks for a config file from `start` up to `stop` (the repository root), nearest first. */
export function findConfigFile(start: string, stop: string | undefined): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const f = path.join(dir, name);
      if (fs.existsSync(f)) return f;
    }
    const parent = path.dirname(dir);
    if (parent === dir || (stop && path.resolve(dir) === path.resolve(stop))) return undefined;
    dir = parent;
  }
}

/** Loads and validates a config file; all problems are reported at once with file:line:column. */
export function loadConfigFile(file: string, displayAs = file): Config {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read config ${displayAs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = parseYaml(displayAs, text);
  if (!parsed.source) throw new ConfigError(`invalid config ${displayAs}`, parsed.problems);
  const problems: Problem[] = [];
  const config = validateConfig(parsed.source, problems);
  if (problems.length) throw new ConfigError(`invalid config ${displayAs}`, problems, 'fix the config file; nothing was scanned');
  return { ...config, file };
}

const TOP_KEYS = ['extends', 'rules', 'customRules', 'allow', 'maxFileSize'];
const ALLOW_KEYS = ['paths', 'regexes', 'stopwords'];

function validateConfig(src: YamlSource, problems: Problem[]): Config {
  const cfg = defaultConfig();
  const data = src.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push(src.problem([], 'the config must be a mapping'));
    return cfg;
  }
  const d = data as Record<string, unknown>;
  for (const k of Object.keys(d)) if (!TOP_KEYS.includes(k)) problems.push(src.problem([k], `unknown key "${k}"${suggest(k, TOP_KEYS)}`, 'key'));
  if (d.extends !== undefined) {
    if (d.extends !== 'recommended' && d.extends !== 'none') problems.push(src.problem(['extends'], 'must be "recommended" or "none"'));
    else cfg.extends = d.extends;
  }
  if (d.maxFileSize !== undefined) {
    if (typeof d.maxFileSize !== 'number' || !(d.maxFileSize > 0)) problems.push(src.problem(['maxFileSize'], 'must be a positive number of bytes'));
    else cfg.maxFileSize = d.maxFileSize;
  }
  if (d.rules !== undefined) {
    if (typeof d.rules !== 'object' || d.rules === null || Array.isArray(d.rules)) problems.push(src.problem(['rules'], 'must be a mapping of rule id to "off" or {severity: …}'));
    else
      for (const [id, v] of Object.entries(d.rules)) {
        if (v === 'off') cfg.rules[id] = 'off';
        else if (typeof v === 'object' && v !== null && SEVERITIES.includes((v as { severity?: never }).severity as never) && Object.keys(v).length === 1) cfg.rules[id] = v as { severity: never };
        else problems.push(src.problem(['rules', id], `must be "off" or {severity: ${SEVERITIES.join('|')}}`));
      }
  }
  if (d.allow !== undefined) {
    if (typeof d.allow !== 'object' || d.allow === null || Array.isArray(d.allow)) problems.push(src.problem(['allow'], 'must be a mapping'));
    else {
      const a = d.allow as Record<string, unknown>;
      for (const k of Object.keys(a)) if (!ALLOW_KEYS.includes(k)) problems.push(src.problem(['allow', k], `unknown key "${k}"${suggest(k, ALLOW_KEYS)}`, 'key'));
      for (const k of ALLOW_KEYS as ('paths' | 'regexes' | 'stopwords')[]) {
        const v = a[k];
        if (v === undefined) continue;
        if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) problems.push(src.problem(['allow', k], 'must be a list of strings'));
        else cfg.allow[k] = v;
      }
      cfg.allow.regexes.forEach((r, i) => {
        const err = untrustedRegexError(r);
        if (err) problems.push(src.problem(['allow', 'regexes', i], err));
      });
    }
  }
  if (d.customRules !== undefined) {
    if (!Array.isArray(d.customRules)) problems.push(src.problem(['customRules'], 'must be a list of rules'));
    else {
      // Custom rules share the built-in rules' validator, so their errors point into this file.
      d.customRules.forEach((raw, i) => {
        const rule = validateRule(raw, ['customRules', i], src, { remediation: {}, untrusted: true }, problems);
        if (rule) cfg.customRules.push(rule);
      });
    }
  }
  return cfg;
}

/** " (did you mean "x"?)" for a near miss, else "". */
export function suggest(word: string, options: string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const d = distance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) [best, bestD] = [o, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}
