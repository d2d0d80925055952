import { describe, expect, it } from 'vitest';
import { withoutCredentials } from '../../src/git/git-dir.js';
import { q } from '../../src/remediation/plan.js';
import { replacementLines } from '../../src/remediation/replacements.js';

describe('replacements file lines', () => {
  it('lists a one-line secret as a literal replaced by ***REMOVED***, once', () => {
    expect(replacementLines(['sk-abc', 'sk-abc'])).toEqual(['sk-abc==>***REMOVED***']);
  });

  it('turns a multi-line secret into one exact regex that accepts LF and CRLF', () => {
    const [line] = replacementLines(['-----BEGIN KEY-----\nAb+/=\n-----END KEY-----']);
    expect(line).toBe('regex:\\-\\-\\-\\-\\-BEGIN\\ KEY\\-\\-\\-\\-\\-\\r?\\nAb\\+\\/\\=\\r?\\n\\-\\-\\-\\-\\-END\\ KEY\\-\\-\\-\\-\\-==>***REMOVED***');
    const re = new RegExp(line!.slice('regex:'.length, line!.lastIndexOf('==>')));
    expect(re.test('x-----BEGIN KEY-----\r\nAb+/=\r\n-----END KEY-----y')).toBe(true);
    expect(re.test('-----BEGIN KEY-----\nAb+/X\n-----END KEY-----')).toBe(false);
  });

  it('marks a secret that starts like a tool prefix as a literal', () => {
    expect(replacementLines(['regex:abc'])).toEqual(['literal:regex:abc==>***REMOVED***']);
  });
});

describe('printed commands', () => {
  it('strips user and password from remote URLs', () => {
    expect(withoutCredentials('https://bot:tok@github.com/a/b.git')).toBe('https://github.com/a/b.git');
    expect(withoutCredentials('git@github.com:a/b.git')).toBe('git@github.com:a/b.git');
  });

  it('quotes shell arguments only when needed', () => {
    expect(q('/tmp/repo/.git/keyward/replacements.txt')).toBe('/tmp/repo/.git/keyward/replacements.txt');
    expect(q("/tmp/it's here")).toBe(`'/tmp/it'\\''s here'`);
  });
});
