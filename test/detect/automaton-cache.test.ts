import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { KeywordMatcher } from '../../src/detect/aho-corasick.js';
import { cachedAutomaton, defaultAutomataPath, writeAutomata, type AutomatonTables } from '../../src/detect/automaton-cache.js';
import { automatonKeywords } from '../../src/detect/detector.js';
import { compileRules } from '../../src/engine/compile-rule.js';
import { resolveRuleSpecs } from '../../src/engine/rule-set.js';
import { tmpDir } from '../helpers/tmp.js';

const built = (keywords: string[]) => new KeywordMatcher(keywords, { cached: false });
const plain = (t: AutomatonTables) => ({ width: t.width, fold: Buffer.from(t.fold).toString('hex'), delta: [...t.delta], outputs: t.outputs });

describe('keyword automata written by the build', () => {
  it('reads back the automaton built for exactly the same keywords', () => {
    const file = path.join(tmpDir(), 'automata.bin');
    const a = ['token', 'sk-', 'ghp_'];
    const b = ['secret', 'password', 'akia', 'ab'];
    writeAutomata([a, b].map((keywords) => ({ keywords, tables: built(keywords) })), file);
    expect(plain(cachedAutomaton(b, file)!)).toEqual(plain(built(b)));
    expect(plain(cachedAutomaton(a, file)!)).toEqual(plain(built(a)));
    // Another list, the same words in another order, one word more: not this automaton.
    expect(cachedAutomaton(['token', 'sk-'], file)).toBeUndefined();
    expect(cachedAutomaton(['sk-', 'token', 'ghp_'], file)).toBeUndefined();
    expect(cachedAutomaton([...a, 'x'], file)).toBeUndefined();
  });

  it('ignores a file cut short, of another format, or missing', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'automata.bin');
    const kws = ['token', 'secret'];
    writeAutomata([{ keywords: kws, tables: built(kws) }], file);
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, whole.length - 4));
    expect(cachedAutomaton(kws, file)).toBeUndefined();
    fs.writeFileSync(file, Buffer.from(whole.toString('latin1').replace('"format":1', '"format":0'), 'latin1'));
    expect(cachedAutomaton(kws, file)).toBeUndefined();
    expect(cachedAutomaton(kws, path.join(dir, 'none.bin'))).toBeUndefined();
  });

  it('the build wrote the automata of scans with the built-in rules, with hygiene rules and without', () => {
    // Beside the built code (`npm test` builds first); from the sources the path points next to src/.
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'automata.bin');
    expect(path.basename(defaultAutomataPath())).toBe('automata.bin');
    expect(fs.existsSync(file)).toBe(true);
    const specs = resolveRuleSpecs(defaultConfig());
    for (const hygiene of [false, true]) {
      const keywords = automatonKeywords(compileRules(specs, { hygiene }));
      const cached = cachedAutomaton(keywords, file);
      expect(cached, `hygiene ${hygiene}`).toBeDefined();
      expect(plain(cached!)).toEqual(plain(built(keywords)));
    }
  });
});
