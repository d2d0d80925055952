import { describe, expect, it } from 'vitest';
import { parseDiff } from '../../src/git/parse-diff.js';
import { quoteCStyle } from '../../src/git/quote-path.js';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const diff = (raw: string[], patch: string[]) => Buffer.from(raw.join('\0') + '\0\0' + patch.join('\n') + '\n', 'latin1');

describe('parseDiff', () => {
  it('reads added line numbers of renames, binaries and new files from one diff-index output', () => {
    const out = diff(
      [`:000000 100644 ${Z} ${A} A`, 'bin.dat', `:100644 100644 ${A} ${B} R050`, 'f.txt', 'g.txt'],
      [
        'diff --git a/bin.dat b/bin.dat', 'new file mode 100644', 'index 0000000..aaaaaaa', 'Binary files /dev/null and b/bin.dat differ',
        'diff --git a/f.txt b/g.txt', 'similarity index 50%', 'rename from f.txt', 'rename to g.txt', 'index aaaaaaa..bbbbbbb 100644', '--- a/f.txt', '+++ b/g.txt',
        '@@ -2 +2 @@ a', '-b', '+B', '@@ -3,0 +4,2 @@ c', '+diff --git a/x b/x', '+@@ -1 +1 @@',
      ],
    );
    expect(parseDiff(out).map((e) => [e.status, e.srcPath, e.path, e.binary, e.added])).toEqual([
      ['A', 'bin.dat', 'bin.dat', true, []],
      ['R', 'f.txt', 'g.txt', false, [2, 4, 5]],
    ]);
  });

  it('takes the new side of a type change and skips unmerged paths', () => {
    const out = diff(
      [`:100644 000000 ${A} ${Z} U`, 'c.txt', `:120000 100644 ${A} ${B} T`, 'l'],
      ['* Unmerged path c.txt', 'diff --git a/l b/l', 'deleted file mode 120000', '@@ -1 +0,0 @@', '-a', '\\ No newline at end of file', 'diff --git a/l b/l', 'new file mode 100644', '@@ -0,0 +1,2 @@', '+x', '+y'],
    );
    expect(parseDiff(out).map((e) => [e.status, e.path, e.added])).toEqual([
      ['U', 'c.txt', []],
      ['T', 'l', [1, 2]],
    ]);
  });

  it('refuses output whose sections do not match the records, instead of guessing', () => {
    const out = diff([`:000000 100644 ${Z} ${A} A`, 'one.txt'], ['diff --git a/two.txt b/two.txt', '@@ -0,0 +1 @@', '+k']);
    expect(() => parseDiff(out)).toThrow(/cannot read git's diff output/);
    const short = diff([`:000000 100644 ${Z} ${A} A`, 'one.txt'], ['diff --git a/one.txt b/one.txt', '@@ -0,0 +1,3 @@', '+k']);
    expect(() => parseDiff(short)).toThrow(/cannot read git's diff output: hunk/);
  });

  it('quotes paths the way git does with core.quotePath', () => {
    expect(quoteCStyle('a/plain name.txt')).toBe('a/plain name.txt');
    expect(quoteCStyle('a/odd\nname"\\.txt')).toBe('"a/odd\\nname\\"\\\\.txt"');
    expect(quoteCStyle(Buffer.from('b/clé', 'utf8').toString('latin1'))).toBe('"b/cl\\303\\251"');
  });
});
