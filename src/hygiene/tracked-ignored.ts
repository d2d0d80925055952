import type { CheckResult, HygieneContext } from './context.js';
import { fileFinding } from './finding.js';
import { rulesFor } from './rules.js';

/** Check 2: files that an ignore rule matches but that git tracks anyway (`git ls-files -ci --exclude-standard`). */
export function trackedIgnoredCheck(ctx: HygieneContext): CheckResult {
  const result: CheckResult = { findings: [], untrack: [] };
  for (const spec of rulesFor(ctx.specs, 'tracked-ignored'))
    for (const file of [...ctx.trackedIgnored].sort()) {
      result.findings.push(fileFinding(spec, file));
      result.untrack!.push(file);
    }
  return result;
}
