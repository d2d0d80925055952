import { globMatcher } from '../engine/compile-rule.js';
import type { HygieneCheck, RuleSpec } from '../engine/rule-types.js';

const never = () => false;

/** The enabled hygiene rules that run a given check (config may have turned some off). */
export function rulesFor(specs: RuleSpec[], check: HygieneCheck): RuleSpec[] {
  return specs.filter((s) => s.kind === 'hygiene' && s.check === check);
}

/** A rule's file selector: its `paths` globs, minus its `allow.paths` (e.g. .env.example is a template, not a secret). */
export function fileMatcher(spec: RuleSpec): (file: string) => boolean {
  const inPaths = globMatcher(spec.paths, never);
  const allowed = globMatcher(spec.allow?.paths, never);
  return (file) => inPaths(file) && !allowed(file);
}
