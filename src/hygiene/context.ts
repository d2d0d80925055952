import type { RuleSpec } from '../engine/rule-types.js';
import type { RawFinding } from '../findings/finding.js';
import type { RepoFiles } from './repo-state.js';

/** What every git-state check reads; gathered once per run with a handful of git processes. */
export interface HygieneContext {
  /** Folder the checks cover; git runs here and paths are relative to it. */
  root: string;
  specs: RuleSpec[];
  files: RepoFiles;
  trackedIgnored: Set<string>;
}

/** A check's result: its findings, plus the files `--fix` acts on. */
export interface CheckResult {
  findings: RawFinding[];
  /** Files that should be ignored and are not (existing or expected): `--fix` adds patterns for them. */
  notIgnored?: string[];
  /** Tracked files that should not be: `--fix` prints `git rm --cached` for them. */
  untrack?: string[];
}
