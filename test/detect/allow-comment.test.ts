import { describe, expect, it } from 'vitest';
import { allowComment } from '../../src/detect/allow-comment.js';

describe('inline allow comments', () => {
  it.each([
    ['#', 'KEY = "x"  # keyward:allow'],
    ['//', 'const key = "x"; // keyward:allow'],
    ['/* */', 'const key = "x"; /* keyward:allow */'],
    ['<!-- -->', '<key>x</key> <!-- keyward:allow -->'],
    ['--', "SELECT 'x' -- keyward:allow"],
    ['gitleaks', 'key = "x" # gitleaks:allow'],
    ['detect-secrets', 'key = "x"  # pragma: allowlist secret'],
  ])('suppresses the line with a %s comment', (_, line) => {
    expect(allowComment(line, undefined)).toBe('allow comment on the line');
  });

  it('suppresses the next line only with allow-next-line', () => {
    expect(allowComment('KEY=x', '// keyward:allow-next-line')).toBe('allow-next-line comment on the line before');
    expect(allowComment('KEY=x', '# pragma: allowlist nextline secret')).toBeDefined();
    expect(allowComment('KEY=x // keyward:allow-next-line', undefined)).toBeUndefined();
    expect(allowComment('KEY=x', '# keyward:allow')).toBeUndefined();
  });

  it('ignores words that only start like the marker', () => {
    expect(allowComment('# keyward:allowance policy', undefined)).toBeUndefined();
  });
});
