import type { Problem } from '../errors.js';
import { FILE_CHECKS, HYGIENE_CHECKS, RULE_KINDS, SEVERITIES, type RemediationSpec, type RuleSpec } from './rule-types.js';
import type { YamlSource } from './yaml-source.js';
import { regexHazard } from './regex-safety.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const RULE_KEYS = new Set([
  'id', 'title', 'description', 'severity', 'kind', 'provider', 'keywords', 'regex', 'flags', 'entropy',
  'paths', 'placeholderCheck', 'keywordScope', 'allow', 'remediation', 'examples', 'check', 'gitignore', 'probe', 'file',
]);
const REMEDIATION_KEYS = new Set(['revoke', 'usage', 'docs', 'steps', 'rotate']);
const ALLOW_KEYS = new Set(['stopwords', 'regexes', 'paths']);
const ID_RE = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Checks a regex source compiles as a JavaScript RegExp; returns the engine's message if not. */
export function regexError(source: string, flags = ''): string | undefined {
  try {
    new RegExp(source, flags);
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, '');
  }
  return undefined;
}

/** For user-supplied patterns: a syntax error, or a ReDoS hazard that could hang the scan. */
export function untrustedRegexError(source: string, flags = ''): string | undefined {
  const syntax = regexError(source, flags);
  if (syntax) return syntax;
  const hazard = regexHazard(source, flags);
  return hazard ? `${hazard}; rewrite it so that no repetition contains another` : undefined;
}

function unknownKeys(obj: Obj, allowed: Set<string>, at: Path, src: YamlSource, problems: Problem[]): void {
  for (const k of Object.keys(obj)) if (!allowed.has(k)) problems.push(src.problem([...at, k], `unknown key "${k}" (allowed: ${[...allowed].join(', ')})`, 'key'));
}

function validateRemediation(value: unknown, at: Path, src: YamlSource, problems: Problem[]): RemediationSpec {
  if (value === undefined) return {};
  if (!isObj(value)) {
    problems.push(src.problem(at, 'must be a mapping'));
    return {};
  }
  unknownKeys(value, REMEDIATION_KEYS, at, src, problems);
  for (const k of ['revoke', 'usage', 'docs'] as const)
    if (value[k] !== undefined && typeof value[k] !== 'string') problems.push(src.problem([...at, k], 'must be a string (URL)'));
  for (const k of ['steps', 'rotate'] as const)
    if (value[k] !== undefined && !isStrArray(value[k])) problems.push(src.problem([...at, k], 'must be a list of strings'));
  return value as RemediationSpec;
}

/** `check`, `gitignore` and `probe` belong to hygiene rules only. */
function validateHygieneKeys(raw: Obj, kind: unknown, at: Path, src: YamlSource, problems: Problem[]): void {
  for (const k of ['check', 'gitignore', 'probe'])
    if (raw[k] !== undefined && kind !== 'hygiene') problems.push(src.problem([...at, k], 'only allowed on rules with kind: hygiene', 'key'));
  if (raw.check !== undefined && !HYGIENE_CHECKS.includes(raw.check as never)) problems.push(src.problem([...at, 'check'], `must be one of ${HYGIENE_CHECKS.join(', ')}`));
  if (raw.check !== undefined && raw.regex !== undefined) problems.push(src.problem([...at, 'check'], 'a rule has either "check" or "regex", not both'));
  if (kind === 'hygiene' && raw.check === undefined && raw.regex === undefined) problems.push(src.problem(at, 'a hygiene rule needs "check" or "regex"'));
  if (raw.gitignore !== undefined && !isStrArray(raw.gitignore)) problems.push(src.problem([...at, 'gitignore'], 'must be a list of .gitignore lines'));
  if (raw.probe !== undefined) {
    if (!isObj(raw.probe)) problems.push(src.problem([...at, 'probe'], 'must be a mapping with "paths" and "when"'));
    else {
      unknownKeys(raw.probe, new Set(['paths', 'when']), [...at, 'probe'], src, problems);
      for (const k of ['paths', 'when'] as const) if (!isStrArray(raw.probe[k])) problems.push(src.problem([...at, 'probe', k], 'must be a list of strings'));
    }
  }
}

/** `file:` (a whole-file check) replaces `regex` and `keywords`, needs `paths`, and its examples are base64 file contents. */
function validateFileKeys(raw: Obj, at: Path, src: YamlSource, problems: Problem[]): void {
  if (raw.file === undefined) return;
  if (!FILE_CHECKS.includes(raw.file as never)) problems.push(src.problem([...at, 'file'], `must be one of ${FILE_CHECKS.join(', ')}`));
  for (const k of ['regex', 'keywords', 'check'])
    if (raw[k] !== undefined) problems.push(src.problem([...at, k], `a rule with "file" has no "${k}": the file check replaces it`, 'key'));
  if (!isStrArray(raw.paths) || raw.paths.length === 0) problems.push(src.problem(at, 'a rule with "file" needs "paths" (the file names it checks, e.g. **/*.p12)'));
  const ex = raw.examples;
  if (isObj(ex))
    for (const k of ['match', 'clean'] as const)
      if (isStrArray(ex[k]))
        ex[k].forEach((e, i) => {
          if (!/^[A-Za-z0-9+/]*={0,2}$/.test(e)) problems.push(src.problem([...at, 'examples', k, i], 'must be base64 (a whole-file example is the file\'s bytes)'));
        });
}

export interface FileDefaults {
  provider?: string;
  remediation: RemediationSpec;
  /** User-supplied rules (config customRules) also get the ReDoS check; built-in ones are checked by a test. */
  untrusted?: boolean;
}

/** Validates one rule mapping; returns the RuleSpec only when the rule has no problems. */
export function validateRule(raw: unknown, at: Path, src: YamlSource, defaults: FileDefaults, problems: Problem[]): RuleSpec | undefined {
  const before = problems.length;
  if (!isObj(raw)) {
    problems.push(src.problem(at, 'a rule must be a mapping'));
    return undefined;
  }
  unknownKeys(raw, RULE_KEYS, at, src, problems);
  const str = (k: string, required: boolean) => {
    const v = raw[k];
    if (v === undefined) {
      if (required) problems.push(src.problem(at, `missing required key "${k}"`));
    } else if (typeof v !== 'string' || v.trim() === '') problems.push(src.problem([...at, k], 'must be a non-empty string'));
  };
  str('id', true);
  str('title', true);
  str('description', true);
  str('regex', false);
  if (typeof raw.id === 'string' && !ID_RE.test(raw.id)) problems.push(src.problem([...at, 'id'], 'must be lower-case letters, digits and dashes'));
  const kind = raw.kind ?? 'secret';
  // Hygiene rules with a regex are content rules like any other: they need keywords and examples.
  const fileRule = raw.file !== undefined;
  const content = (kind !== 'hygiene' || raw.regex !== undefined) && !fileRule;
  if (!RULE_KINDS.includes(kind as never)) problems.push(src.problem([...at, 'kind'], `must be one of ${RULE_KINDS.join(', ')}`));
  if (!SEVERITIES.includes(raw.severity as never)) problems.push(src.problem([...at, 'severity'], `must be one of ${SEVERITIES.join(', ')}`));
  const provider = raw.provider ?? defaults.provider;
  if (typeof provider !== 'string') problems.push(src.problem(at, 'missing "provider" (on the rule or at the top of the file)'));
  const flags = raw.flags ?? '';
  if (typeof flags !== 'string' || !/^[is]*$/.test(flags)) problems.push(src.problem([...at, 'flags'], 'only "i" and "s" are allowed'));
  if (typeof raw.regex === 'string') {
    const check = defaults.untrusted ? untrustedRegexError : regexError;
    const err = check(raw.regex, typeof flags === 'string' ? flags.replace(/[^is]/g, '') : '');
    if (err) problems.push(src.problem([...at, 'regex'], err));
  } else if (kind !== 'hygiene' && !fileRule) problems.push(src.problem(at, 'missing required key "regex"'));
  if (raw.keywords === undefined ? content : !isStrArray(raw.keywords) || raw.keywords.some((k) => k.length === 0))
    problems.push(src.problem(raw.keywords === undefined ? at : [...at, 'keywords'], raw.keywords === undefined ? 'missing required key "keywords" (a literal prefilter)' : 'must be a list of non-empty strings'));
  else if (content && (raw.keywords as string[]).length === 0) problems.push(src.problem([...at, 'keywords'], 'needs at least one keyword'));
  if (raw.entropy !== undefined && (typeof raw.entropy !== 'number' || raw.entropy < 0 || raw.entropy > 8)) problems.push(src.problem([...at, 'entropy'], 'must be a number between 0 and 8'));
  if (raw.paths !== undefined && !isStrArray(raw.paths)) problems.push(src.problem([...at, 'paths'], 'must be a list of globs'));
  if (raw.placeholderCheck !== undefined && typeof raw.placeholderCheck !== 'boolean') problems.push(src.problem([...at, 'placeholderCheck'], 'must be true or false'));
  if (raw.keywordScope !== undefined && raw.keywordScope !== 'line' && raw.keywordScope !== 'file') problems.push(src.problem([...at, 'keywordScope'], 'must be "line" or "file"'));
  if (raw.allow !== undefined) {
    if (!isObj(raw.allow)) problems.push(src.problem([...at, 'allow'], 'must be a mapping'));
    else {
      unknownKeys(raw.allow, ALLOW_KEYS, [...at, 'allow'], src, problems);
      for (const k of ['stopwords', 'regexes', 'paths'] as const)
        if (raw.allow[k] !== undefined && !isStrArray(raw.allow[k])) problems.push(src.problem([...at, 'allow', k], 'must be a list of strings'));
      if (isStrArray(raw.allow.regexes))
        raw.allow.regexes.forEach((r, i) => {
          const err = (defaults.untrusted ? untrustedRegexError : regexError)(r);
          if (err) problems.push(src.problem([...at, 'allow', 'regexes', i], err));
        });
    }
  }
  validateHygieneKeys(raw, kind, at, src, problems);
  validateFileKeys(raw, at, src, problems);
  const remediation = validateRemediation(raw.remediation, [...at, 'remediation'], src, problems);
  const ex = raw.examples;
  if (content || fileRule || ex !== undefined) {
    if (!isObj(ex)) problems.push(src.problem(ex === undefined ? at : [...at, 'examples'], 'needs "examples" with "match" and "clean" lists'));
    else {
      unknownKeys(ex, new Set(['match', 'clean']), [...at, 'examples'], src, problems);
      if (!isStrArray(ex.match) || ((content || fileRule) && ex.match.length === 0)) problems.push(src.problem([...at, 'examples', 'match'], 'must be a non-empty list of strings'));
      if (ex.clean !== undefined && !isStrArray(ex.clean)) problems.push(src.problem([...at, 'examples', 'clean'], 'must be a list of strings'));
    }
  }
  if (problems.length > before) return undefined;
  const { line } = src.locate(at);
  return {
    id: raw.id as string,
    title: raw.title as string,
    description: raw.description as string,
    severity: raw.severity as RuleSpec['severity'],
    kind: kind as RuleSpec['kind'],
    provider: provider as string,
    keywords: (raw.keywords as string[] | undefined) ?? [],
    regex: raw.regex as string | undefined,
    flags: (flags as string) || undefined,
    entropy: raw.entropy as number | undefined,
    paths: raw.paths as string[] | undefined,
    placeholderCheck: raw.placeholderCheck as boolean | undefined,
    keywordScope: raw.keywordScope as RuleSpec['keywordScope'],
    allow: raw.allow as RuleSpec['allow'],
    remediation: { ...defaults.remediation, ...remediation },
    check: raw.check as RuleSpec['check'],
    file: raw.file as RuleSpec['file'],
    gitignore: raw.gitignore as string[] | undefined,
    probe: raw.probe as RuleSpec['probe'],
    examples: { match: (ex as Obj | undefined)?.match as string[] ?? [], clean: ((ex as Obj | undefined)?.clean as string[]) ?? [] },
    source: { file: src.file, line },
  };
}
