import type { RuleKind, Severity } from '../engine/rule-types.js';

/**
 * A finding before redaction: carries the raw secret, which never leaves the process
 * unless the user passes --no-redact. The JSON contract is `Finding` below.
 */
export interface RawFinding {
  ruleId: string;
  title: string;
  kind: RuleKind;
  severity: Severity;
  provider: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  /** Inclusive: the column of the secret's last character. */
  endColumn: number;
  secret: string;
  /** The source line holding the start of the secret (for code frames), possibly cut around the secret. */
  lineText?: string;
  commit: string | null;
  author: string | null;
  email: string | null;
  date: string | null;
  /** History scans: the secret is no longer in the current tree. Null when unknown or not a history scan. */
  removed: boolean | null;
  /** The introducing commit is reachable from a remote-tracking ref. Null when unknown or not a history scan. */
  pushed: boolean | null;
  remediation: string[];
  /**
   * What the fingerprint is derived from when there is no secret (whole-file hygiene findings use the file path).
   * Internal: not part of the JSON report.
   */
  identity?: string;
  /** What reports show instead of the secret, redacted or not (whole-file rules). Internal: not in the JSON report. */
  shown?: string;
}

/** The JSON report's finding: the secret is redacted unless --no-redact; fingerprint identifies it. */
export interface Finding extends Omit<RawFinding, 'lineText' | 'identity' | 'shown'> {
  fingerprint: string;
  lineText?: string;
}
