import type { RuleSpec, Severity } from '../engine/rule-types.js';

/** An allowlist: candidates in matching paths, matching a regex or containing a stopword are dropped. */
export interface AllowList {
  /** Globs (picomatch), relative to the scan root. */
  paths: string[];
  /** JavaScript regexes tested against the secret. */
  regexes: string[];
  /** Case-insensitive substrings of the secret. */
  stopwords: string[];
}

/** `rules: {<id>: off}` or `rules: {<id>: {severity: …, allow: {…}}}`. */
export type RuleOverride = 'off' | { severity?: Severity; allow?: AllowList };

/**
 * Repository hygiene checks (`hygiene:` in .keyward.yaml). `hygiene: off` is short for `{enabled: false}`.
 * New options are added here as fields with defaults in `defaultConfig()`.
 */
export interface HygieneConfig {
  enabled: boolean;
}

/** Line and column of a key in the config file. */
export interface Position {
  line: number;
  column: number;
}

/** The resolved `.keyward.yaml`. Every field has a default, so zero configuration is a valid config. */
export interface Config {
  /** The config file this came from, if any (as shown in messages). */
  file?: string;
  extends: 'recommended' | 'none';
  rules: Record<string, RuleOverride>;
  customRules: RuleSpec[];
  allow: AllowList;
  maxFileSize?: number;
  hygiene: HygieneConfig;
  /** Where each `rules:` key sits, so problems found later (an unknown rule id) still name line and column. */
  rulePositions?: Record<string, Position>;
}

export function emptyAllowList(): AllowList {
  return { paths: [], regexes: [], stopwords: [] };
}

/** Files above this size are skipped unless the config or --max-file-size says otherwise. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export function defaultConfig(): Config {
  return { extends: 'recommended', rules: {}, customRules: [], allow: emptyAllowList(), hygiene: { enabled: true } };
}
