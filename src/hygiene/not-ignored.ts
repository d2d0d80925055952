import path from 'node:path';
import picomatch from 'picomatch';
import type { RuleSpec } from '../engine/rule-types.js';
import type { CheckResult, HygieneContext } from './context.js';
import { fileFinding } from './finding.js';
import { checkIgnored } from './repo-state.js';
import { fileMatcher, rulesFor } from './rules.js';

/**
 * Check 1: secret-bearing files that exist (tracked or not) or that the stack creates, and that git's
 * ignore rules do not cover. One `git check-ignore` process answers for all of them.
 */
export async function notIgnoredCheck(ctx: HygieneContext): Promise<CheckResult> {
  const result: CheckResult = { findings: [], notIgnored: [], untrack: [] };
  for (const spec of rulesFor(ctx.specs, 'not-ignored')) {
    const match = fileMatcher(spec);
    const existing = [...ctx.files.tracked, ...ctx.files.untracked].filter(match).sort();
    const probes = expectedFiles(spec, ctx).filter((p) => !existing.includes(p));
    const ignored = await checkIgnored(ctx.root, [...existing, ...probes]);
    for (const file of existing.filter((f) => !ignored.has(f))) {
      const tracked = ctx.files.tracked.has(file);
      result.findings.push(fileFinding(spec, file, { firstSteps: tracked ? [`${file} is tracked by git: its content is committed.`] : [] }));
      result.notIgnored!.push(file);
      if (tracked) result.untrack!.push(file);
    }
    for (const { file, because } of probes.filter((p) => !ignored.has(p)).map((file) => ({ file, because: reason(spec, ctx, file) }))) {
      result.findings.push(fileFinding(spec, file, { firstSteps: [`${file} does not exist yet, but ${because} means it will: ignore it before it is created.`] }));
      result.notIgnored!.push(file);
    }
  }
  return result;
}

/** The rule's `probe.paths` next to every existing file named in `probe.when` (a .env.example means a .env). */
function expectedFiles(spec: RuleSpec, ctx: HygieneContext): string[] {
  if (!spec.probe) return [];
  const out = new Set<string>();
  for (const marker of markers(spec, ctx)) {
    const dir = path.posix.dirname(marker);
    for (const p of spec.probe.paths) out.add(dir === '.' ? p : `${dir}/${p}`);
  }
  return [...out].sort();
}

function markers(spec: RuleSpec, ctx: HygieneContext): string[] {
  const isMarker = picomatch(spec.probe?.when ?? [], { dot: true, basename: true });
  return [...ctx.files.tracked, ...ctx.files.untracked].filter((f) => isMarker(f)).sort();
}

function reason(spec: RuleSpec, ctx: HygieneContext, file: string): string {
  const dir = path.posix.dirname(file);
  const marker = markers(spec, ctx).find((m) => path.posix.dirname(m) === dir);
  return marker ? `the project's ${marker}` : 'the project';
}
