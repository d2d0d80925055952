import type { Candidate } from '../detect/detector.js';
import type { Fragment } from '../sources/fragment.js';
import { remediationSteps } from '../remediation/steps.js';
import type { Finding, RawFinding } from './finding.js';
import { fingerprintOf } from './fingerprint.js';
import { redact, redactIn } from './redact.js';

const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

/** A detector candidate in a fragment becomes a raw finding (still holding the secret). */
export function toRawFinding(c: Candidate, fragment: Fragment): RawFinding {
  const spec = c.rule.spec;
  const commit = fragment.commit ?? null;
  return {
    ruleId: spec.id,
    title: spec.title,
    kind: spec.kind,
    severity: spec.severity,
    provider: spec.provider,
    file: fragment.path,
    line: c.line,
    column: c.column,
    endLine: c.endLine,
    endColumn: c.endColumn,
    secret: c.secret,
    // A whole-file finding (line 0) has no line to show.
    lineText: c.line === 0 ? undefined : c.lineText,
    commit: commit?.sha ?? null,
    author: commit?.author ?? null,
    email: commit?.email ?? null,
    date: commit?.date ?? null,
    removed: null,
    pushed: null,
    remediation: remediationSteps(spec, { file: fragment.path, commit: commit?.sha ?? null, pushed: null }),
    ...(c.shown !== undefined ? { shown: c.shown } : {}),
  };
}

const isGeneric = (f: RawFinding) => f.ruleId.startsWith('generic-');

/**
 * When two rules report the same secret at the same place, keep the specific rule over a generic one,
 * then a public-by-design rule over a secret one (it matched the context that makes the key public),
 * then the more severe. Findings are otherwise kept as they are.
 */
export function dedupe(findings: RawFinding[]): RawFinding[] {
  const best = new Map<string, RawFinding>();
  for (const f of findings) {
    // A hygiene finding is about the place, not the key: it never collapses into the secret finding at the same spot.
    const key = [f.kind === 'hygiene' ? f.ruleId : '', f.commit ?? '', f.file, f.line, f.column, f.secret].join('\0');
    const prev = best.get(key);
    if (!prev || better(f, prev)) best.set(key, f);
  }
  return [...best.values()];
}

function better(a: RawFinding, b: RawFinding): boolean {
  if (isGeneric(a) !== isGeneric(b)) return !isGeneric(a);
  // A rule that recognised a public-by-design context (a Firebase web config, say) knows more than a bare key shape.
  if ((a.kind === 'public') !== (b.kind === 'public')) return a.kind === 'public';
  return SEVERITY_RANK[a.severity] < SEVERITY_RANK[b.severity];
}

export function compareFindings(a: Finding | RawFinding, b: Finding | RawFinding): number {
  return (
    cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId) || cmp(a.commit ?? '', b.commit ?? '')
  );
}
const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * The one place secrets are redacted: every reporter gets these. A code-frame line is masked for every
 * secret found anywhere in the same file (a value reported on one line may also sit, undetected, on another).
 * `keep` (the ignore file and baseline) filters the deduplicated findings; what it drops is still masked.
 */
export function finalize(raw: RawFinding[], opts: { redact: boolean; keep?: (deduped: RawFinding[]) => RawFinding[] }): Finding[] {
  const inFile = new Map<string, Set<string>>();
  for (const f of raw) {
    const key = `${f.commit ?? ''}\0${f.file}`;
    if (!inFile.has(key)) inFile.set(key, new Set());
    if (f.secret !== '') inFile.get(key)!.add(f.secret);
  }
  // Longest first: a secret that contains another must be masked before the shorter one breaks it up.
  const masks = new Map([...inFile].map(([k, set]) => [k, [...set].sort((a, b) => b.length - a.length)]));
  const deduped = dedupe(raw);
  return (opts.keep ? opts.keep(deduped) : deduped)
    .map((f): Finding => {
      const secrets = masks.get(`${f.commit ?? ''}\0${f.file}`) ?? [f.secret];
      const lineText = f.lineText === undefined || !opts.redact ? f.lineText : secrets.reduce((t, s) => redactIn(t, s), f.lineText);
      const { identity, shown, ...rest } = f;
      // Whole-file hygiene findings have no secret ('' stays ''); their fingerprint comes from `identity`.
      // Whole-file secret rules show a safe description (`shown`) instead of the content hash they are keyed by.
      const secret = shown ?? (opts.redact && f.secret !== '' ? redact(f.secret) : f.secret);
      return { ...rest, secret, fingerprint: fingerprintOf(f), lineText };
    })
    .sort(compareFindings);
}
