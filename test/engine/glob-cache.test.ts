import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { cachedGlobSource, defaultGlobCachePath, globSource, writeGlobCache } from '../../src/engine/glob-cache.js';
import { resolveRuleSpecs } from '../../src/engine/rule-set.js';
import { tmpDir } from '../helpers/tmp.js';

describe('path glob regexes written by the build', () => {
  it('reads back the source made for exactly the same list', () => {
    const file = path.join(tmpDir(), 'globs.json');
    const tests = ['**/test/**', '**/*.spec.*'];
    const docs = ['docs/**'];
    writeGlobCache([tests, docs], file);
    expect(cachedGlobSource(tests, file)).toBe(globSource(tests));
    expect(cachedGlobSource(docs, file)).toBe(globSource(docs));
    expect(new RegExp(cachedGlobSource(tests, file)!, 'i').test('src/test/a.js')).toBe(true);
    // Another list, the same globs in another order: not this source.
    expect(cachedGlobSource(['**/test/**'], file)).toBeUndefined();
    expect(cachedGlobSource([...tests].reverse(), file)).toBeUndefined();
  });

  it('ignores a damaged file, one of another format, or none', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'globs.json');
    const globs = ['**/fixtures/**'];
    writeGlobCache([globs], file);
    const whole = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, whole.slice(0, -2));
    expect(cachedGlobSource(globs, file)).toBeUndefined();
    fs.writeFileSync(file, whole.replace('"format":1', '"format":0'));
    expect(cachedGlobSource(globs, file)).toBeUndefined();
    expect(cachedGlobSource(globs, path.join(dir, 'none.json'))).toBeUndefined();
  });

  it("the build wrote every built-in rule's path lists, as picomatch compiles them", () => {
    // Beside the built code (`npm test` builds first); from the sources the path points next to src/.
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'globs.json');
    expect(path.basename(defaultGlobCachePath())).toBe('globs.json');
    const lists = resolveRuleSpecs(defaultConfig()).flatMap((s) => [s.paths, s.allow?.paths]).filter((g): g is string[] => Boolean(g?.length));
    expect(lists.length).toBeGreaterThan(10);
    for (const globs of lists) expect(cachedGlobSource(globs, file), globs.join(' ')).toBe(globSource(globs));
  });
});
