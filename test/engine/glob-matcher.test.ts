import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compileGlobs, globMatcher } from '../../src/engine/compile-rule.js';
import { builtinRuleSpecs } from '../../src/engine/rule-set.js';

const picomatch = createRequire(import.meta.url)('picomatch') as typeof import('picomatch');

const GLOBS = ['**/test/**', '*.env', '.env', '**/.env.*', '!**/b/**', '**/*.{js,ts}', 'src/**/!(x).js', '**/file[1].txt', 'file[1].txt', '**/@(a|b)/*', 'a/**', '**', '*', '?.md', 'docs/*.MD', '**/__snapshots__/**', '**/*.test.*', '[abc]*.txt', '**/+(foo).js', 'x/**/y', '\\*.md', '*.lock'];
const PATHS = ['test/a.js', 'a/test/b', 'x.env', '.env', 'a/.env', 'a/.env.local', 'b/c', 'a/b/c', 'q.js', 'src/x.js', 'src/y.js', 'src/z/y.js', 'file[1].txt', 'file1.txt', 'a/file1.txt', 'a/x', '', 'README.md', 'a.md', 'docs/A.md', 'docs/a.MD', 'Docs/a.md', 'a/__snapshots__/x', 'x.test.ts', 'a.txt', 'd.txt', 'foo.js', 'a/foo.js', 'foofoo.js', 'x/y', 'x/a/b/y', '*.md', 'z.md', '.hidden', 'a/.hidden/b', 'yarn.lock', 'a/yarn.lock', 'ä/ü.js', 'a b/c d.txt', 'Test/A.JS', 'pkg/tests/x.py', 'a/fixtures/k.pem', 'a/package-lock.json', 'cmd/x_test.go', 'test_x.py', 'conf/.env.example', 'keys/id_rsa', 'a/b.p12', 'web/index.php'];

/** picomatch itself, with the options globMatcher promises. */
const oracle = (globs: string[]) => picomatch(globs, { dot: true, nocase: true, matchBase: !globs.some((g) => g.includes('/')) });

function disagreements(lists: string[][]): string[] {
  const out: string[] = [];
  for (const globs of lists) {
    const [ours, theirs] = [compileGlobs(globs), oracle(globs)];
    for (const p of PATHS) if (ours(p) !== theirs(p)) out.push(`${JSON.stringify(globs)} on ${JSON.stringify(p)}: ${ours(p)} vs ${theirs(p)}`);
  }
  return out;
}

describe('glob matchers', () => {
  it('answer as picomatch does for single globs: negations, braces, extglobs, classes, base names, case', () => {
    expect(disagreements(GLOBS.map((g) => [g]))).toEqual([]);
  });

  it('answer as picomatch does for lists, a match of any glob being a match', () => {
    const lists = Array.from({ length: 200 }, (_, i) => Array.from({ length: 1 + (i % 4) }, (_, j) => GLOBS[(i * 7 + j * 13) % GLOBS.length]!));
    expect(disagreements(lists)).toEqual([]);
  });

  it('answer as picomatch does for every glob list of the built-in rules', () => {
    const lists = builtinRuleSpecs().flatMap((s) => [s.paths, s.allow?.paths]).filter((l): l is string[] => Boolean(l?.length));
    expect(lists.length).toBeGreaterThan(10);
    expect(disagreements(lists)).toEqual([]);
  });

  it('answer as picomatch does for the built-in lists on paths made of their literal parts in any case', () => {
    const pieces = ['test', 'TeSt', 'tests', 'x_test.go', 'spec', 'a.SPEC.js', 'fixtures', '__snapshots__', 'examples', 'yarn.LOCK', 'a.lock', 'go.sum', 'package-lock.json', '.env', '.ENV.local', 'Dockerfile', 'x.dockerfile', 'compose.yml', 'id_rsa', 'k.PEM', 'src', 'pages', 'web', 'b', 'lock', 'sum', 'tes', 't'];
    const paths = Array.from({ length: 400 }, (_, i) => Array.from({ length: 1 + (i % 4) }, (_, j) => pieces[(i * 7 + j * 11 + (i >> 3)) % pieces.length]!).join('/'));
    const lists = builtinRuleSpecs().flatMap((s) => [s.paths, s.allow?.paths]).filter((l): l is string[] => Boolean(l?.length));
    const wrong = lists.flatMap((globs) => {
      const [ours, theirs] = [compileGlobs(globs), oracle(globs)];
      return paths.filter((p) => ours(p) !== theirs(p)).map((p) => `${JSON.stringify(globs)} on ${p}`);
    });
    expect(wrong).toEqual([]);
  });

  it('falls back when there are no globs', () => {
    expect(globMatcher(undefined, () => true)('a')).toBe(true);
    expect(globMatcher([], () => false)('a')).toBe(false);
    expect(globMatcher(['**/*.pem'], () => true)('keys/a.PEM')).toBe(true);
  });
});
