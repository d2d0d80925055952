/** Inline suppressions, in any comment syntax. gitleaks' and detect-secrets' markers are honoured for teams migrating. */
const SAME_LINE = /keyward:allow(?![-\w])|gitleaks:allow|pragma:\s*allowlist[ -]secret/;
const NEXT_LINE = /keyward:allow-next-line|pragma:\s*allowlist[ -]nextline[ -]secret/;

/** Returns the marker's description when the line (or the line before it) suppresses findings on the line. */
export function allowComment(line: string, previousLine: string | undefined): string | undefined {
  if (SAME_LINE.test(line)) return 'allow comment on the line';
  if (previousLine !== undefined && NEXT_LINE.test(previousLine)) return 'allow-next-line comment on the line before';
  return undefined;
}
