/** What happened to one staged change or named file. */
export type Outcome =
  | 'scanned'
  | 'deleted'
  | 'no-added-lines'
  | 'binary'
  | 'submodule'
  | 'symlink'
  | 'empty'
  | 'unmerged'
  | 'allowlisted'
  | 'untracked'
  | 'tooLarge';

/** Outcomes that leave nothing the commit adds unread: a commit made only of these legitimately scans 0 bytes. */
export const NOTHING_TO_READ: ReadonlySet<Outcome> = new Set<Outcome>(['deleted', 'no-added-lines', 'binary', 'submodule', 'symlink', 'empty', 'unmerged', 'allowlisted', 'untracked']);

const OUTCOME_TEXT: Record<Outcome, string> = {
  scanned: 'scanned',
  deleted: 'deleted',
  'no-added-lines': 'without added lines',
  binary: 'binary',
  submodule: 'submodule',
  symlink: 'symbolic link',
  empty: 'empty',
  unmerged: 'unmerged (resolve the conflict first)',
  allowlisted: 'allowlisted by the config',
  untracked: 'untracked (not part of the commit)',
  tooLarge: 'larger than the size limit',
};

/** The note that says what was not read and why ("not read: 2 deleted, 1 binary"), or "nothing is staged". */
export function outcomesNote(outcomes: Outcome[]): string | undefined {
  if (outcomes.length === 0) return 'nothing is staged';
  const counts = new Map<Outcome, number>();
  for (const o of outcomes) if (o !== 'scanned') counts.set(o, (counts.get(o) ?? 0) + 1);
  return counts.size ? `not read: ${[...counts].map(([o, n]) => `${n} ${OUTCOME_TEXT[o]}`).join(', ')}` : undefined;
}
