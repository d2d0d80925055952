import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { Detector } from '../../src/detect/detector.js';
import { compileRule } from '../../src/engine/compile-rule.js';
import { builtinRulesDir, loadRulesDir } from '../../src/engine/load-rules.js';
import { resolveRules } from '../../src/engine/rule-set.js';
import { bytesFragment } from '../../src/sources/read-text.js';
import { KeywordProbe } from '../../src/detect/keyword-probe.js';
import { fake, randomChars } from '../helpers/fake-keys.js';

const rules = resolveRules(defaultConfig());
/** Windowed, from the bytes (the keyword automaton from the first byte): long windows are probed. */
const probed = new Detector(rules, { automatonAfter: 0 });
const whole = new Detector(rules, { windows: false });
const result = (d: Detector, text: string) => JSON.stringify(d.detect(bytesFragment('bundle.min.js', Buffer.from(text))));
const reference = (text: string) => JSON.stringify(whole.detect({ path: 'bundle.min.js', text }));

/** Minified code: keywords of many rules, a long run of blanks, a long run of letters and digits. */
function minified(n: number, salt: number): string {
  const parts = ['var token=t.token||"";', 'e.apiKey=o.secret;', 'function auth(k){return k.key}', 'x="https://a.b/c?d=e";', ' '.repeat(40 + (salt % 7)), 'data:image/png;base64,' + 'A1b2'.repeat(80 + salt), 'ж'.repeat(salt % 2)];
  let out = '';
  for (let i = 0; out.length < n; i++) out += parts[(i + salt) % parts.length];
  return out;
}

describe('keyword probes', () => {
  it('probed and whole-text detection agree on every rule example set in a long minified line', () => {
    const specs = loadRulesDir(builtinRulesDir());
    const examples = specs.flatMap((s) => [...s.examples.match, ...s.examples.clean]);
    for (const [i, e] of examples.entries()) {
      const ascii = minified(6000, i).replaceAll('ж', 'z');
      const text = `${ascii}${e}${ascii}`;
      expect(result(probed, text), e).toBe(reference(text));
      const nonAscii = `${minified(6000, i)}ü${e}${minified(6000, i + 1)}`;
      expect(result(probed, nonAscii), e).toBe(reference(nonAscii));
    }
    const all = examples.map((e, i) => minified(3000, i) + e).join('');
    expect(result(probed, all)).toBe(reference(all));
  });

  it('probed and whole-text detection agree on every rule example set among many short lines, ASCII or not', () => {
    // Rules run on whole texts (PEM blocks, key pairs) are searched there in the lines around their probes that hit.
    const specs = loadRulesDir(builtinRulesDir());
    const examples = specs.flatMap((s) => [...s.examples.match, ...s.examples.clean]);
    const lines = (n: number, salt: number) => minified(n, salt).replace(/;/g, ';\n');
    for (const [i, e] of examples.entries()) {
      const ascii = `${lines(8000, i).replaceAll('ж', 'z')}\n${e}\n${lines(8000, i + 1).replaceAll('ж', 'z')}`;
      expect(result(probed, ascii), e).toBe(reference(ascii));
      const nonAscii = `${lines(8000, i)}ü\n${e}\n${lines(8000, i + 1)}`;
      expect(result(probed, nonAscii), e).toBe(reference(nonAscii));
    }
  });

  it('searches a PEM block in the lines around it, not in the whole long document that mentions private keys', () => {
    // Two mentions of `private key` away from the block; a probe reads ~17,000 characters after each.
    const prose = Array.from({ length: 8000 }, (_, i) => (i % 5000 === 0 ? `Keep the private key of release ${i} offline.\n` : `Step ${i}: run the build, then check the output.\n`)).join('');
    const pem = fake.pem();
    const doc = `${prose}\n${pem}\n${prose}`;
    const decode = vi.spyOn(Buffer.prototype, 'toString');
    let found: unknown[];
    try {
      found = probed.detect(bytesFragment('docs/keys.md', Buffer.from(doc))).candidates.map((c) => [c.rule.spec.id, c.line, c.column]);
      const decoded = decode.mock.calls.reduce((n, [, from, to]) => n + ((to as number | undefined) ?? doc.length) - ((from as number | undefined) ?? 0), 0);
      expect(decoded).toBeLessThan(doc.length / 4);
    } finally {
      decode.mockRestore();
    }
    expect(found).toEqual([['private-key', 8002, 1]]);
    expect(result(probed, doc)).toBe(reference(doc));
  });

  it('does not decode a text for the PEM rule when its bytes hold no PRIVATE KEY, however often it says private key', () => {
    // Short enough to be searched whole, and non-ASCII (a probe would read three times as far): no probe helps here.
    const prose = Array.from({ length: 400 }, (_, i) => `Étape ${i} : gardez la private key hors ligne.\n`).join('');
    const decode = vi.spyOn(Buffer.prototype, 'toString');
    try {
      expect(probed.detect(bytesFragment('docs/cles.md', Buffer.from(prose))).candidates).toEqual([]);
      expect(decode.mock.calls.length).toBe(0);
    } finally {
      decode.mockRestore();
    }
    const withBlock = `${prose}${fake.pem()}\n${prose}`;
    expect(JSON.parse(result(probed, withBlock)).candidates.map((c: { rule: { spec: { id: string } } }) => c.rule.spec.id)).toEqual(['private-key']);
    expect(result(probed, withBlock)).toBe(reference(withBlock));
  });

  it('confines to its probes no rule whose regex can match where a part of a text starts or ends (^, $)', () => {
    const rule = (id: string) => rules.find((r) => r.spec.id === id)!;
    // `(?=…|\s*$)`: at the end of a part of a text, `$` would match where the text goes on.
    expect(rule('putty-private-key').extent).toBeDefined();
    expect(KeywordProbe.confines(rule('putty-private-key'))).toBe(false);
    expect(KeywordProbe.confines(rule('kubernetes-secret-manifest'))).toBe(false);
    expect(KeywordProbe.confines(rule('private-key'))).toBe(true);
  });

  it('gives up the probes of a text where one that hit holds a run longer than the extent counts', () => {
    const r = compileRule({ id: 'r', title: 'r', description: 'r', severity: 'high', kind: 'secret', provider: 'p', keywords: ['zqkey'], regex: 'zqkey[ \\t]*=[ \\t]*(?<secret>[a-z0-9]{24})', remediation: {}, examples: { match: [], clean: [] }, source: { file: 't' } });
    const filler = 'a=b+c;\n'.repeat(2000);
    const parts = (text: string) => {
      const bytes = Buffer.from(text);
      const offsets = [...text.matchAll(/zqkey/g)].map((m) => m.index + 4);
      return new KeywordProbe(r, r.extent!, bytes, offsets, true).regions(0, bytes.length);
    };
    expect(parts(`${filler}zqkey = 1;${filler}`)).toEqual([]);
    const hit = parts(`${filler}zqkey = ${randomChars(24, 'abcdefghijklmnopqrstuvwxyz')};${filler}`)!;
    expect(hit).toHaveLength(2);
    expect(hit[0]).toBeLessThanOrEqual(filler.length);
    expect(hit[1]).toBeGreaterThan(filler.length + 30);
    expect(parts(`${filler}zqkey${' '.repeat(300)}= ${randomChars(24, 'abcdefghijklmnopqrstuvwxyz')};${filler}`)).toBeUndefined();
  });

  it('decodes a small part of a long line whose keywords have no match', () => {
    const code = 'n=f(a,b)+g(c);'.repeat(1500);
    const line = Array.from({ length: 200 }, (_, i) => `${code}var token=t.token||"";e.apiKey=o.secret;x="https://a.b/c?d=${i}";`).join('');
    const buf = Buffer.from(line);
    const decode = vi.spyOn(Buffer.prototype, 'toString');
    try {
      expect(probed.detect(bytesFragment('bundle.min.js', buf)).candidates).toEqual([]);
      const decoded = decode.mock.calls.reduce((n, [, from, to]) => n + ((to as number | undefined) ?? buf.length) - ((from as number | undefined) ?? 0), 0);
      // Each of the three rules that meet a keyword decodes about a thousand characters around each, not the 4 MB line.
      expect(decoded).toBeLessThan(buf.length / 4);
    } finally {
      decode.mockRestore();
    }
  });

  it('does not decode a whole text for a rule that runs on whole texts when no probe around its keywords matches', () => {
    // The AWS key pair's regex spans lines (it runs on the whole text); "Asia/Tokyo" holds its keyword `asia`.
    const zones = Array.from({ length: 3000 }, (_, i) => (i % 500 === 0 ? `zone("Asia/Tokyo", ${i});\n` : `n=f(a,${i})+g(c);\n`)).join('');
    const decode = vi.spyOn(Buffer.prototype, 'toString');
    try {
      expect(probed.detect(bytesFragment('zones.js', Buffer.from(zones))).candidates).toEqual([]);
      const decoded = decode.mock.calls.reduce((n, [, from, to]) => n + ((to as number | undefined) ?? zones.length) - ((from as number | undefined) ?? 0), 0);
      expect(decoded).toBeLessThan(zones.length / 4);
    } finally {
      decode.mockRestore();
    }
    const id = 'AK' + 'IA' + randomChars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
    const key = randomChars(20, 'abcdefghijklmnopqrstuvwxyz') + randomChars(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    const paired = `${zones}const creds = {\n  id: "${id}",\n  key: "${key}",\n};\n`;
    expect(result(probed, paired)).toBe(reference(paired));
    expect(JSON.parse(result(probed, paired)).candidates.map((c: { secret: string }) => c.secret)).toContain(key);
  });

  it('searches a long line dense with keywords whole rather than through hundreds of probes', () => {
    // A keyword every 1,400 characters: probes of about a thousand do not merge, but would cost more than the search.
    const buf = Buffer.from(('n=f(a,b)+g(c);'.repeat(100) + 'a=o.token||b;').repeat(300));
    const decode = vi.spyOn(Buffer.prototype, 'toString');
    try {
      const r = probed.detect(bytesFragment('bundle.min.js', buf));
      expect(r.candidates).toEqual([]);
      // One string per rule that meets `token`, not one per occurrence.
      expect(decode.mock.calls.length).toBeLessThan(10);
    } finally {
      decode.mockRestore();
    }
  });

  it('hands a window to the full regex when a run of blanks is longer than its extent counts', () => {
    const r = compileRule({ id: 'r', title: 'r', description: 'r', severity: 'high', kind: 'secret', provider: 'p', keywords: ['zqkey'], regex: 'zqkey[ \\t]*=[ \\t]*(?<secret>[a-z0-9]{24})', remediation: {}, examples: { match: [], clean: [] }, source: { file: 't' } });
    expect(r.extent?.runs).toHaveLength(1);
    const secret = randomChars(24, 'abcdefghijklmnopqrstuvwxyz0123456789');
    const filler = 'a=b+c;'.repeat(2000);
    const text = `${filler}zqkey${' '.repeat(300)}= ${secret};${filler}`;
    const found = new Detector([r], { automatonAfter: 0 }).detect(bytesFragment('a.js', Buffer.from(text))).candidates.map((c) => [c.secret, c.column]);
    expect(found).toEqual([[secret, filler.length + 308]]);
  });
});
