import type { Detector } from '../detect/detector.js';
import { secretKey } from '../findings/first-occurrence.js';
import type { RawFinding } from '../findings/finding.js';
import { BlobReader } from '../git/cat-file.js';
import { pushedCommits } from '../git/pushed.js';
import { remediationSteps } from '../remediation/steps.js';
import { decodeText } from '../sources/read-text.js';

/**
 * `removed`: the secret is in none of HEAD's files. Blobs of HEAD that the walk did not read (outside a range,
 * allowlisted path) are searched for the remaining secrets, only when there are any.
 */
export async function markRemoved(findings: RawFinding[], atHead: Set<string>, root: string, unread: string[], maxFileSize: number): Promise<void> {
  let open = findings.filter((f) => !atHead.has(secretKey(f)));
  if (open.length && unread.length) {
    const reader = new BlobReader(root);
    try {
      for (const oid of unread) reader.request(oid);
      for (let i = 0; i < unread.length && open.length; i++) {
        const r = await reader.next(maxFileSize);
        if (!('content' in r)) continue;
        const text = decodeText(r.content);
        for (const f of open) if (text.includes(f.secret)) atHead.add(secretKey(f));
        open = open.filter((f) => !atHead.has(secretKey(f)));
      }
    } finally {
      await reader.close();
    }
  }
  for (const f of findings) f.removed = !atHead.has(secretKey(f));
}

/** `pushed` for each finding, and the remediation steps that depend on it (amend a local commit vs purge). */
export async function markPushed(findings: RawFinding[], root: string, detector: Detector): Promise<void> {
  if (!findings.length) return;
  const pushed = await pushedCommits(root, findings.map((f) => f.commit!));
  if (!pushed.size) return;
  const specs = new Map(detector.rules.map((r) => [r.spec.id, r.spec]));
  for (const f of findings) {
    f.pushed = pushed.get(f.commit!) ?? null;
    const spec = specs.get(f.ruleId);
    if (spec) f.remediation = remediationSteps(spec, { file: f.file, commit: f.commit, pushed: f.pushed });
  }
}
