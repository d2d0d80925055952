import type { Problem } from '../errors.js';
import { SEVERITIES, type Severity } from '../engine/rule-types.js';
import { untrustedRegexError, validateRule } from '../engine/validate-rule.js';
import type { YamlSource } from '../engine/yaml-source.js';
import { defaultConfig, type AllowList, type Config, type RuleOverride } from './config.js';
import { sizeInBytes } from './size.js';
import { suggest } from './suggest.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

export const TOP_KEYS = ['extends', 'rules', 'customRules', 'allow', 'maxFileSize', 'hygiene'];
const ALLOW_KEYS = ['paths', 'regexes', 'stopwords'] as const;
const OVERRIDE_KEYS = ['severity', 'allow'];
const HYGIENE_KEYS = ['enabled'];
const EXTENDS = ['recommended', 'none'] as const;

export interface ValidateConfigOptions {
  /** Ids of the built-in rules: with it, unknown ids under `rules:` are reported with the other problems. */
  builtinRuleIds?: () => string[];
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How a YAML value reads to a user, for "got …" in messages. */
function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return `${typeof v === 'number' ? 'a number' : 'a string'} ${JSON.stringify(v)}`;
}

/** Validates a parsed config document. Problems are collected (never thrown), each with line, column and key path. */
export function validateConfig(src: YamlSource, problems: Problem[], opts: ValidateConfigOptions = {}): Config {
  const cfg = defaultConfig();
  const problem = (at: Path, message: string, where?: 'key' | 'value') => problems.push(src.problem(at, message, where));
  const unknownKeys = (obj: Obj, allowed: readonly string[], at: Path) => {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) problem([...at, k], `unknown key "${k}"${suggest(k, allowed) || ` (allowed: ${allowed.join(', ')})`}`, 'key');
  };
  const stringList = (v: unknown, at: Path): string[] | undefined => {
    if (!Array.isArray(v)) return void problem(at, `must be a list of strings (got ${typeName(v)})`);
    let ok = true;
    v.forEach((s, i) => {
      if (typeof s !== 'string' || s === '') (ok = false), problem([...at, i], `must be a non-empty string (got ${typeName(s)})`);
    });
    return ok ? (v as string[]) : undefined;
  };
  const allowList = (v: unknown, at: Path): AllowList | undefined => {
    if (!isObj(v)) return void problem(at, `must be a mapping with paths, regexes and/or stopwords (got ${typeName(v)})`);
    unknownKeys(v, ALLOW_KEYS, at);
    const out: AllowList = { paths: [], regexes: [], stopwords: [] };
    for (const k of ALLOW_KEYS) if (v[k] !== undefined) out[k] = stringList(v[k], [...at, k]) ?? [];
    if (Array.isArray(v.regexes))
      v.regexes.forEach((r: unknown, i) => {
        const err = typeof r === 'string' ? untrustedRegexError(r) : undefined;
        if (err) problem([...at, 'regexes', i], `invalid regex: ${err}`);
      });
    return out;
  };
  const ruleOverride = (v: unknown, at: Path): RuleOverride | undefined => {
    if (v === 'off' || v === false) return 'off';
    if (!isObj(v)) return void problem(at, `must be "off" or a mapping with severity and/or allow (got ${typeName(v)})`);
    unknownKeys(v, OVERRIDE_KEYS, at);
    const out: { severity?: Severity; allow?: AllowList } = {};
    if (v.severity !== undefined) {
      if (SEVERITIES.includes(v.severity as Severity)) out.severity = v.severity as Severity;
      else problem([...at, 'severity'], `must be one of ${SEVERITIES.join(', ')} (got ${typeName(v.severity)})${typeof v.severity === 'string' ? suggest(v.severity, SEVERITIES) : ''}`);
    }
    if (v.allow !== undefined) out.allow = allowList(v.allow, [...at, 'allow']);
    return out;
  };

  const d = src.data ?? {};
  if (!isObj(d)) {
    problem([], `the config must be a mapping of keys (${TOP_KEYS.join(', ')}) (got ${typeName(d)})`);
    return cfg;
  }
  unknownKeys(d, TOP_KEYS, []);
  if (d.extends !== undefined) {
    if (EXTENDS.includes(d.extends as never)) cfg.extends = d.extends as Config['extends'];
    else problem(['extends'], `must be "recommended" or "none" (got ${typeName(d.extends)})${typeof d.extends === 'string' ? suggest(d.extends, EXTENDS) : ''}`);
  }
  if (d.maxFileSize !== undefined) {
    const n = typeof d.maxFileSize === 'number' ? (d.maxFileSize > 0 ? Math.floor(d.maxFileSize) : undefined) : typeof d.maxFileSize === 'string' ? sizeInBytes(d.maxFileSize) : undefined;
    if (!n) problem(['maxFileSize'], `must be a positive size in bytes or with a suffix: 500k, 10m, 1g (got ${typeName(d.maxFileSize)})`);
    else cfg.maxFileSize = n;
  }
  if (d.allow !== undefined) cfg.allow = allowList(d.allow, ['allow']) ?? cfg.allow;
  if (d.hygiene !== undefined) {
    const h = d.hygiene;
    if (h === true || h === 'on' || h === false || h === 'off') cfg.hygiene.enabled = h === true || h === 'on';
    else if (!isObj(h)) problem(['hygiene'], `must be on, off or a mapping such as {enabled: false} (got ${typeName(h)})`);
    else {
      unknownKeys(h, HYGIENE_KEYS, ['hygiene']);
      if (h.enabled !== undefined) {
        if (typeof h.enabled === 'boolean') cfg.hygiene.enabled = h.enabled;
        else problem(['hygiene', 'enabled'], `must be true or false (got ${typeName(h.enabled)})`);
      }
    }
  }
  if (d.customRules !== undefined) {
    if (!Array.isArray(d.customRules)) problem(['customRules'], `must be a list of rules (got ${typeName(d.customRules)})`);
    else
      // Custom rules share the built-in rules' validator, so their errors point into this file.
      d.customRules.forEach((raw, i) => {
        const rule = validateRule(raw, ['customRules', i], src, { remediation: {}, untrusted: true }, problems);
        if (rule) cfg.customRules.push(rule);
      });
  }
  if (d.rules !== undefined) {
    if (!isObj(d.rules)) problem(['rules'], `must be a mapping of rule id to "off" or {severity, allow} (got ${typeName(d.rules)})`);
    else {
      cfg.rulePositions = {};
      const known = opts.builtinRuleIds ? [...(cfg.extends === 'none' ? [] : opts.builtinRuleIds()), ...cfg.customRules.map((r) => r.id)] : undefined;
      for (const [id, v] of Object.entries(d.rules)) {
        cfg.rulePositions[id] = src.locate(['rules', id], 'key');
        if (known && !known.includes(id)) problem(['rules', id], unknownRuleMessage(id, known, cfg.extends), 'key');
        const o = ruleOverride(v, ['rules', id]);
        if (o) cfg.rules[id] = o;
      }
    }
  }
  return cfg;
}

export function unknownRuleMessage(id: string, known: string[], ext: Config['extends']): string {
  const hint = suggest(id, known) || (ext === 'none' ? ' (with extends: none, only customRules can be overridden)' : '');
  return `no rule has the id "${id}"${hint}`;
}
