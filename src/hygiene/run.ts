import type { RuleSpec } from '../engine/rule-types.js';
import type { RawFinding } from '../findings/finding.js';
import type { CheckResult, HygieneContext } from './context.js';
import { everCommittedCheck } from './ever-committed.js';
import { notIgnoredCheck } from './not-ignored.js';
import { listRepoFiles, listTrackedIgnored } from './repo-state.js';
import { secretInFileCheck } from './secret-in-file.js';
import { trackedIgnoredCheck } from './tracked-ignored.js';

export interface GitHygiene {
  findings: RawFinding[];
  /** Should be ignored and is not: `--fix` adds patterns for these. */
  notIgnored: string[];
  /** Tracked but should not be: `--fix` prints `git rm --cached` for these. */
  untrack: string[];
}

/**
 * The checks that ask git about the repository's state: not ignored, tracked although ignored, ever committed.
 * Four git processes in all (ls-files twice, check-ignore, log), whatever the size of the repository.
 */
export async function gitHygiene(root: string, specs: RuleSpec[], allowed: (file: string) => boolean = () => false): Promise<GitHygiene> {
  const [files, trackedIgnored] = await Promise.all([listRepoFiles(root), listTrackedIgnored(root)]);
  const ctx: HygieneContext = { root, specs, files, trackedIgnored };
  const results: CheckResult[] = await Promise.all([notIgnoredCheck(ctx), Promise.resolve(trackedIgnoredCheck(ctx)), everCommittedCheck(ctx)]);
  // The config's allowlisted paths (allow.paths in .keyward.yaml) count for hygiene too: test fixtures, vendored certs.
  const keep = (file: string) => !allowed(file);
  return {
    findings: results.flatMap((r) => r.findings).filter((f) => keep(f.file)),
    notIgnored: [...new Set(results.flatMap((r) => r.notIgnored ?? []))].filter(keep).sort(),
    untrack: [...new Set(results.flatMap((r) => r.untrack ?? []))].filter(keep).sort(),
  };
}

/**
 * Every hygiene finding for a root, given the findings of the content pass (secret rules plus the hygiene
 * regex rules, already in `contentFindings`): git-state checks, and the checks derived from where secrets sit.
 */
export async function hygieneFindings(root: string, specs: RuleSpec[], contentFindings: RawFinding[], allowed?: (file: string) => boolean): Promise<RawFinding[]> {
  const git = await gitHygiene(root, specs, allowed);
  return [...git.findings, ...secretInFileCheck(specs, contentFindings)];
}
