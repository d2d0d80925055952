/** Rules as data: the shape of one entry in `rules/*.yaml`, and its compiled form. */
import type { NeedTable, RunTable } from '../detect/char-needs.js';
import type { MatchExtent } from './match-extent.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `secret`: a credential; `public`: a key that is public by design (info only); `hygiene`: a repository check. */
export const RULE_KINDS = ['secret', 'public', 'hygiene'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/**
 * Hygiene checks implemented in code (src/hygiene/), selected by a rule's `check:`. Hygiene rules without
 * `check` are regex rules that run through the detector when hygiene is on.
 */
export const HYGIENE_CHECKS = ['not-ignored', 'tracked-ignored', 'ever-committed', 'secret-in-file'] as const;
export type HygieneCheck = (typeof HYGIENE_CHECKS)[number];

/**
 * Whole-file checks implemented in code (src/detect/file-check.ts), selected by a rule's `file:` instead of a
 * regex: they look at a file's bytes (binary files included) at the rule's `paths`.
 */
export const FILE_CHECKS = ['pkcs12', 'pkcs12-known-password'] as const;
export type FileCheck = (typeof FILE_CHECKS)[number];

/** What to do about a leaked credential of this kind. Provider-level defaults merge under rule-level values. */
export interface RemediationSpec {
  /** Where the key is revoked / rotated (dashboard URL). */
  revoke?: string;
  /** Where usage / audit logs are reviewed. */
  usage?: string;
  /** Documentation about the key type. */
  docs?: string;
  /** Extra provider-specific steps, in order. */
  steps?: string[];
  /** Related credentials to rotate as well. */
  rotate?: string[];
}

export interface AllowSpec {
  /** Candidate secrets containing one of these (case-insensitive) are dropped. */
  stopwords?: string[];
  /** Candidate secrets matching one of these regexes are dropped. */
  regexes?: string[];
  /** Files whose path matches one of these globs are not checked by this rule. */
  paths?: string[];
}

export interface RuleSpec {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  kind: RuleKind;
  provider: string;
  /** Literal strings, matched case-insensitively, at least one of which must occur for the regex to run. */
  keywords: string[];
  /** JavaScript regular expression. The secret is the named group `secret`, else group 1, else the match. */
  regex?: string;
  /** Only `i` (case-insensitive) and `s` (dotAll) are accepted; `g`/`d` are added by the engine. */
  flags?: string;
  /** Whole-file rules: the content check that replaces the regex (needs `paths`; examples are base64 file contents). */
  file?: FileCheck;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /** Only files whose path matches one of these globs are checked (for path-specific rules). */
  paths?: string[];
  /** Skip the placeholder filter (for rules whose secrets legitimately look repetitive). */
  placeholderCheck?: boolean;
  /**
   * Where a keyword must be for the regex to run. `line` (default): on a line the match covers; the regex runs
   * only around keyword lines (rules whose matches can span many lines run on the whole text anyway).
   * `file`: anywhere in the text (a key of a fixed shape that counts only with its provider named nearby).
   */
  keywordScope?: 'line' | 'file';
  allow?: AllowSpec;
  remediation: RemediationSpec;
  examples: { match: string[]; clean: string[] };
  /** Hygiene rules: which check in src/hygiene/ runs this rule (`paths` / `allow.paths` select its files). */
  check?: HygieneCheck;
  /** Hygiene rules: the .gitignore lines `keyward hygiene --fix` appends; a `!` line belongs to the pattern before it. */
  gitignore?: string[];
  /** Hygiene rules: files the stack creates (`paths`), checked next to any existing file named in `when`. */
  probe?: { paths: string[]; when: string[] };
  /** Where the rule was defined, for error messages. */
  source: { file: string; line?: number };
}

export interface CompiledRule {
  spec: RuleSpec;
  /** Global + indices regex built from `spec.regex`. */
  regex: RegExp;
  /** Lower-cased keywords. */
  keywords: string[];
  allowRegexes: RegExp[];
  stopwords: string[];
  /** Returns true when the rule applies to a path (scan-root relative, `/` separators). */
  appliesTo: (path: string) => boolean;
  /** Returns true when the rule's own allowlisted paths contain `path`. */
  allowsPath: (path: string) => boolean;
  /**
   * Most line breaks a match can span (0: single-line), or undefined: the regex runs on the whole text.
   * A bounded rule runs only on the lines around its keywords (src/engine/line-local.ts). Computed on first read.
   */
  readonly lineSpan?: number;
  /** Lines a window needs before its keyword's line: 0 when every match starts there, else `lineSpan`. Computed on first read. */
  readonly linesBefore?: number;
  /** How far around a keyword the regex reads, for a rule with such a bound (match-extent.ts). Computed on first read. */
  readonly extent?: MatchExtent;
  /** Characters a window must hold for a match to lie in it, as a byte table (required-chars.ts). Computed on first read. */
  readonly needs?: NeedTable;
  /** A run of one class a window must hold for a match to lie in it, as a byte table (required-chars.ts). Computed on first read. */
  readonly run?: RunTable;
  /** A string every match holds as written, for a rule run on the whole text (required-chars.ts). Computed on first read. */
  readonly literal?: string;
}
