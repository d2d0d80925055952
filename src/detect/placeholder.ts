/**
 * Documentation values are not secrets. Returns the kind of placeholder `secret` looks like, or undefined.
 * Each test is tuned so that a random key of realistic length essentially never trips it.
 */
export function placeholderKind(secret: string): string | undefined {
  for (const [name, re] of PATTERNS) if (re.test(secret)) return name;
  if (longestRun(secret) >= 6) return 'repeated character';
  if (longestSequence(secret) >= 6) return 'character sequence';
  return undefined;
}

const PATTERNS: [string, RegExp][] = [
  ['template variable', /\$\{[^}]*\}|\{\{[^}]*\}\}|%\([a-z_]+\)s|^\$[A-Za-z_][A-Za-z0-9_]*$|<%=?[^%]*%>/],
  ['angle-bracket placeholder', /<[^<>]{2,}>/],
  ['masked value', /x{5,}|X{5,}|\*{3,}|\.{3}|…|#{5,}/],
  ['documentation wording', /(?:\byour|\bmy|insert|replace|enter)[-_ ]?(?:(?:own|real|new|[a-z]{2,12})[-_ ])?(?:api[-_ ]?)?(?:key|token|secret|password|passwd|credential)s?/i],
  ['documentation wording', /(?:api|secret|access)[-_]?(?:key|token)[-_]?here|_here$|-here$/i],
  ['example value', /example|sample|dummy|placeholder|changeme|change[-_]me|redacted|notreal|not[-_]a[-_]real|fake[-_]?(?:key|token|secret)/i],
];

function longestRun(s: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    run = i > 0 && s[i] === s[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** Longest run of consecutive ascending or descending characters (abcdef, 123456, 987654). */
function longestSequence(s: string): number {
  let best = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    up = d === 1 && isAlnum(s[i]!) ? up + 1 : 1;
    down = d === -1 && isAlnum(s[i]!) ? down + 1 : 1;
    best = Math.max(best, up, down);
  }
  return s.length ? best : 0;
}

const isAlnum = (c: string) => /[A-Za-z0-9]/.test(c);
