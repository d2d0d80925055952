import type { RuleSpec, Severity } from '../engine/rule-types.js';

export type RuleOverride = 'off' | { severity?: Severity };

/** The resolved `.keyward.yaml`. Every field has a default, so zero configuration is a valid config. */
export interface Config {
  /** The config file this came from, if any. */
  file?: string;
  extends: 'recommended' | 'none';
  rules: Record<string, RuleOverride>;
  customRules: RuleSpec[];
  allow: { paths: string[]; regexes: string[]; stopwords: string[] };
  maxFileSize?: number;
}

/** Files above this size are skipped unless the config or --max-file-size says otherwise. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export function defaultConfig(): Config {
  return { extends: 'recommended', rules: {}, customRules: [], allow: { paths: [], regexes: [], stopwords: [] } };
}
