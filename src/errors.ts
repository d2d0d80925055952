/** Exit codes are part of keyward's contract: 0 clean, 1 findings, 2 could not scan. */
export const ExitCode = {
  Clean: 0,
  Findings: 1,
  Error: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An expected failure: printed as one helpful line (plus an optional hint), exit 2. */
export class KeywardError extends Error {
  readonly exitCode: ExitCode = ExitCode.Error;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command-line usage: unknown option, bad value, missing path. */
export class UsageError extends KeywardError {}

/** A git command failed or the directory is not what we need (not a repo, corrupt object…). */
export class GitError extends KeywardError {}

/** One problem in a rule or config file, with its location. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  /** Key path inside the document, e.g. `rules[2].regex`. */
  path?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.line !== undefined ? p.column : undefined].filter((x) => x !== undefined).join(':');
  return `${where}${p.path ? ` ${p.path}` : ''}: ${p.message}`;
}

/** Several problems found while loading rules or config; all are reported at once. */
export class ValidationError extends KeywardError {
  constructor(
    readonly what: string,
    readonly problems: Problem[],
    hint?: string,
  ) {
    super(`${what}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`, hint);
  }
}

export class RuleError extends ValidationError {}
export class ConfigError extends ValidationError {}
