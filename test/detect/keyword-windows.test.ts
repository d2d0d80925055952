import { describe, expect, it, vi } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { lineWindows, wholeLines } from '../../src/detect/line-windows.js';
import { defaultConfig } from '../../src/config/config.js';
import { compileRule } from '../../src/engine/compile-rule.js';
import { lineSpan } from '../../src/engine/line-local.js';
import { loadRulesDir, builtinRulesDir } from '../../src/engine/load-rules.js';
import { resolveRules } from '../../src/engine/rule-set.js';
import type { RuleSpec } from '../../src/engine/rule-types.js';
import { bytesFragment } from '../../src/sources/read-text.js';
import { fake, randomChars } from '../helpers/fake-keys.js';

const rules = resolveRules(defaultConfig());
const windowed = new Detector(rules);
/** Windowed, with the keyword automaton from the first byte: fragments with bytes take the byte-window path. */
const fromBytes = new Detector(rules, { automatonAfter: 0 });
const whole = new Detector(rules, { windows: false });
const shape = (text: string, path = 'file.txt') => windowed.detect({ path, text }).candidates.map((c) => [c.rule.spec.id, c.secret, c.line, c.column, c.endLine, c.endColumn]);

function rule(regex: string, keywords: string[], extra: Partial<RuleSpec> = {}) {
  return compileRule({ id: 'r', title: 'r', description: 'r', severity: 'high', kind: 'secret', provider: 'p', keywords, regex, remediation: {}, examples: { match: [], clean: [] }, source: { file: 't' }, ...extra });
}

describe('keyword windows', () => {
  it('a single-line rule whose keyword is on another line of the file does not fire', () => {
    const r = rule('(?<secret>zq_[a-z0-9]{20})', ['zqkey']);
    const secret = 'zq_' + randomChars(20, 'abcdefghijklmnopqrstuvwxyz0123456789');
    const text = `# zqkey below\nvalue = ${secret}\n`;
    expect(r.lineSpan).toBe(0);
    expect(new Detector([r]).detect({ path: 'a', text }).candidates).toEqual([]);
    expect(new Detector([r], { windows: false }).detect({ path: 'a', text }).candidates.map((c) => c.secret)).toEqual([secret]);
    expect(new Detector([r]).detect({ path: 'a', text: `zqkey = ${secret}\n` }).candidates.map((c) => c.secret)).toEqual([secret]);
  });

  it('a rule with keywordScope: file still fires when its keyword is on another line', () => {
    const r = rule('(?<secret>zq_[a-z0-9]{20})', ['zqkey'], { keywordScope: 'file' });
    const secret = 'zq_' + randomChars(20, 'abcdefghijklmnopqrstuvwxyz0123456789');
    expect(new Detector([r]).detect({ path: 'a', text: `# zqkey below\nvalue = ${secret}\n` }).candidates.map((c) => c.secret)).toEqual([secret]);
  });

  it('a multi-line rule still finds a PEM block', () => {
    const pem = fake.pem();
    const text = 'header\n'.repeat(50) + pem + '\n' + 'footer\n'.repeat(50);
    const found = shape(text);
    expect(found).toEqual([['private-key', pem, 51, 1, 58, pem.split('\n').at(-1)!.length]]);
    expect(found).toEqual(whole.detect({ path: 'file.txt', text }).candidates.map((c) => [c.rule.spec.id, c.secret, c.line, c.column, c.endLine, c.endColumn]));
  });

  it('a rule whose match may span a few lines finds a value on the line after its keyword', () => {
    const r = rule('zqkey\\s{0,5}=\\s{0,5}(?<secret>[a-z0-9]{24})', ['zqkey']);
    const secret = randomChars(24, 'abcdefghijklmnopqrstuvwxyz0123456789');
    expect(r.lineSpan).toBe(10);
    const text = 'x\n'.repeat(30) + `zqkey =\n  ${secret}\n` + 'y\n'.repeat(30);
    expect(new Detector([r]).detect({ path: 'a', text }).candidates.map((c) => [c.line, c.column])).toEqual([[32, 3]]);
  });

  it('a keyword on line N finds the secret on line N of a 5 MB file, with exact line and column', () => {
    const sk = fake.github();
    const filler = 'const value = compute(alpha, beta) + 42; // plain code\n';
    const lines = Math.ceil((5 * 1024 * 1024) / filler.length);
    const n = 77_777;
    const text = filler.repeat(n - 1) + `  GITHUB = "${sk}"\n` + filler.repeat(lines - n);
    const f = bytesFragment('big.ts', Buffer.from(text));
    const found = windowed.detect(f).candidates.map((c) => [c.secret, c.line, c.column, c.endLine, c.endColumn]);
    expect(found).toEqual([[sk, n, 13, n, 12 + sk.length]]);
    expect(found).toEqual(whole.detect({ path: 'big.ts', text }).candidates.map((c) => [c.secret, c.line, c.column, c.endLine, c.endColumn]));
  });

  it('keeps exact positions in CRLF text', () => {
    const sk = fake.github();
    const text = 'a\r\nb\r\n\r\nGH = "' + sk + '"\r\nc\r\n';
    expect(shape(text)).toEqual([['github-token', sk, 4, 7, 4, 6 + sk.length]]);
  });

  it('keeps exact positions after non-ASCII text, from bytes as from text', () => {
    const sk = fake.github();
    const text = 'Ünïcødé 😀 ' + 'ж'.repeat(300_000) + '\n// naïve\nx = "' + sk + '"\n';
    const expected = [[sk, 3, 6, 3, 5 + sk.length]];
    const at = (d: Detector, f: Parameters<Detector['detect']>[0]) => d.detect(f).candidates.map((c) => [c.secret, c.line, c.column, c.endLine, c.endColumn]);
    for (const d of [windowed, fromBytes]) {
      expect(at(d, bytesFragment('u.ts', Buffer.from(text)))).toEqual(expected);
      const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
      expect(at(d, bytesFragment('u.ts', withBom))).toEqual(expected);
      const invalid = Buffer.concat([Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(text)]); // not UTF-8: positions come from the decoded text
      expect(at(d, bytesFragment('u.ts', invalid)).map(([s, l]) => [s, l])).toEqual([[sk, 3]]);
      expect(at(d, { path: 'u.ts', text })).toEqual(expected);
    }
  });

  it('counts columns in UTF-16 units when non-ASCII text precedes the secret on its line', () => {
    const sk = fake.github();
    const text = 'é\n'.repeat(10) + `/* 😀 ж */ const GH = "${sk}"; // ü\r\n` + 'ö\n'.repeat(10);
    const f = bytesFragment('u.ts', Buffer.from(text));
    const found = fromBytes.detect(f).candidates.map((c) => [c.secret, c.line, c.column, c.endLine, c.endColumn, c.lineText]);
    expect(found).toEqual([[sk, 11, 24, 11, 23 + sk.length, `/* 😀 ж */ const GH = "${sk}"; // ü`]]);
    expect(found).toEqual(whole.detect({ path: 'u.ts', text }).candidates.map((c) => [c.secret, c.line, c.column, c.endLine, c.endColumn, c.lineText]));
  });

  it('honours an allow-next-line comment on the line just before a window, from bytes', () => {
    const sk = fake.github();
    const text = 'x\n'.repeat(20) + '// keyward:allow-next-line ü\n' + `GH = "${sk}"\n` + 'y\n'.repeat(20);
    const r = fromBytes.detect(bytesFragment('a.ts', Buffer.from(text)));
    expect(r.candidates).toEqual([]);
    expect(r.dropped.map((d) => [d.reason, d.line])).toEqual([['allow-comment', 22]]);
  });

  it('decodes only the lines around keywords of a large file read as bytes', () => {
    const sk = fake.github();
    const filler = 'const value = compute(alpha, beta) + 42; // plain code ñ\n';
    const buf = Buffer.from(filler.repeat(20_000) + `GH = "${sk}"\n` + filler.repeat(20_000));
    const decode = vi.spyOn(Buffer.prototype, 'toString');
    try {
      const found = fromBytes.detect(bytesFragment('big.ts', buf)).candidates.map((c) => [c.secret, c.line]);
      expect(found).toEqual([[sk, 20_001]]);
      const decoded = decode.mock.calls.reduce((n, [, from, to]) => n + ((to as number | undefined) ?? buf.length) - ((from as number | undefined) ?? 0), 0);
      expect(decoded).toBeLessThan(1000);
    } finally {
      decode.mockRestore();
    }
  });

  it('windowed and whole-text detection agree on every rule example, alone and all in one file', () => {
    const specs = loadRulesDir(builtinRulesDir());
    const examples = specs.flatMap((s) => [...s.examples.match, ...s.examples.clean]);
    const key = (d: Detector, text: string) => JSON.stringify(d.detect({ path: 'example.txt', text }));
    const keyBytes = (d: Detector, text: string) => JSON.stringify(d.detect(bytesFragment('example.txt', Buffer.from(text))));
    for (const text of examples) {
      expect(key(windowed, text), text).toBe(key(whole, text));
      expect(keyBytes(fromBytes, text), text).toBe(key(whole, text));
    }
    const all = examples.join('\n');
    expect(key(windowed, all)).toBe(key(whole, all));
    expect(keyBytes(fromBytes, all)).toBe(key(whole, all));
    // The same with non-ASCII text and CRLF line ends around every example.
    const mixed = examples.map((e, i) => `${i % 3 ? 'ж' : '😀'} line ${i}\r\n${e}\r\n// é`).join('\n');
    expect(keyBytes(fromBytes, mixed)).toBe(key(whole, mixed));
  });
});

describe('lineSpan', () => {
  it.each([
    ['[ \\t]*=[ \\t]*(?<secret>x+)', '', 0],
    ['a(?=[ \\t]*(?:\\r?\\n|$|#))', '', 0],
    ['a(?![A-Za-z])\\b$', '', 0],
    ['a\\s{0,5}b\\s?c', '', 6],
    ['a\\s*b', '', undefined],
    ['a[^"]+b', '', undefined],
    ['a.b', 's', 1],
    ['a.*b', 's', undefined],
    ['a.b', '', 0],
    ['(?<=\\s)a', '', undefined],
    ['^a', '', undefined],
    ['a(?=\\n.)', '', undefined],
    ['[\\s\\S]{0,4000}', '', undefined],
  ])('%s (flags "%s") spans at most %s line breaks', (re, flags, want) => {
    expect(lineSpan(re, flags, ['a'])).toBe(want);
  });

  it('bounds the templated provider rules (name, optional type, separator, value): they run in keyword windows', () => {
    const templated = rules.filter((r) => r.spec.regex?.includes('(?:[ \\t]+(?:string|str|String))?'));
    expect(templated.length).toBeGreaterThan(30);
    for (const r of templated) expect(lineSpan(r.spec.regex!, r.spec.flags ?? '', r.keywords), r.spec.id).toBeLessThanOrEqual(4);
  });

  it('has no bound for a keyword that holds a line break', () => {
    expect(lineSpan('a', '', ['a\nb'])).toBeUndefined();
  });
});

describe('lineWindows', () => {
  const text = 'l1\nl2 kw\nl3 kw\nl4\nl5\nl6 kw';
  const at = (line: number) => text.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 4 : 3);
  it('merges adjacent keyword lines into one window that ends with its newline', () => {
    expect(lineWindows(text, [at(2), at(2), at(3)]).map(([a, b]) => text.slice(a, b))).toEqual(['l2 kw\nl3 kw\n']);
  });
  it('widens each window by the span and keeps the last line without a newline', () => {
    expect(lineWindows(text, [at(2), at(6)], 1).map(([a, b]) => text.slice(a, b))).toEqual(['l1\nl2 kw\nl3 kw\n', 'l5\nl6 kw']);
    expect(lineWindows(text, [at(2), at(6)], 2).map(([a, b]) => text.slice(a, b))).toEqual([text]);
    // No lines before the keyword's line for a rule whose matches start there.
    expect(lineWindows(text, [at(2), at(6)], 1, 0).map(([a, b]) => text.slice(a, b))).toEqual(['l2 kw\nl3 kw\n', 'l6 kw']);
  });
});

describe('wholeLines', () => {
  const text = 'l1\nl2 ab\nl3 cd\nl4\nl5\nl6 ef';
  const bytes = Buffer.from(text);
  const parts = (from: number, to: number) => [text.indexOf(`l${from}`) + 1, text.indexOf(`l${to}`) + 2];
  const slices = (out: number[]) => Array.from({ length: out.length / 2 }, (_, i) => text.slice(out[2 * i], out[2 * i + 1]));
  it('widens each part to the lines that hold it, newline included, in text or in bytes', () => {
    expect(slices(wholeLines(text, parts(2, 3)))).toEqual(['l2 ab\nl3 cd\n']);
    expect(slices(wholeLines(bytes, [...parts(2, 2), ...parts(6, 6)]))).toEqual(['l2 ab\n', 'l6 ef']);
  });
  it('merges parts whose lines meet or overlap', () => {
    expect(slices(wholeLines(bytes, [...parts(1, 2), ...parts(3, 3), ...parts(5, 6)]))).toEqual(['l1\nl2 ab\nl3 cd\n', 'l5\nl6 ef']);
    expect(slices(wholeLines(text, [0, 1, 1, text.length]))).toEqual([text]);
  });
});
