import { pushedCommits } from '../git/pushed.js';
import { withPushed } from './steps.js';

interface HasCommit {
  commit: string | null;
  pushed: boolean | null;
  remediation: string[];
}

/**
 * Sets `pushed` on findings read back from a report (no rule specs at hand) and rewrites their
 * commit-dependent remediation step to match. History scans do this themselves (engine/history-status.ts).
 */
export async function setPushed<T extends HasCommit>(repoDir: string, findings: T[]): Promise<T[]> {
  const pushed = await pushedCommits(repoDir, findings.flatMap((f) => (f.commit ? [f.commit] : [])));
  return findings.map((f) => {
    if (!f.commit) return f;
    const p = pushed.get(f.commit) ?? null;
    return { ...f, pushed: p, remediation: withPushed(f.remediation, p) };
  });
}
