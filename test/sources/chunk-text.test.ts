import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { Detector } from '../../src/detect/detector.js';
import { resolveRules } from '../../src/engine/rule-set.js';
import { chunkText } from '../../src/sources/chunk-text.js';
import { fake, randomChars } from '../helpers/fake-keys.js';

const byLine = (a: [number, number, string], b: [number, number, string]) => a[0] - b[0] || a[1] - b[1];
const rules = resolveRules(defaultConfig());
const detector = new Detector(rules);
/** Reads the pieces' bytes (the keyword automaton from the first byte), as history scans do. */
const fromBytes = new Detector(rules, { automatonAfter: 0 });

/** Every finding over the pieces of `text`, as [line, column, secret], from their texts and from their bytes. */
function inPieces(text: string, size: number, overlap: number) {
  const out: Array<[number, number, string]> = [];
  const bytesOut: Array<[number, number, string]> = [];
  for (const c of chunkText(Buffer.from(text), size, overlap)) {
    for (const f of detector.detect({ path: 'big.js', text: c.text, startLine: c.startLine, lines: c.owned }).candidates) out.push([f.line, f.column, f.secret]);
  }
  for (const c of chunkText(Buffer.from(text), size, overlap)) {
    const piece = { path: 'big.js', bytes: c.bytes, lines: c.owned, get text() { return c.text; }, get startLine() { return c.startLine; } };
    for (const f of fromBytes.detect(piece).candidates) bytesOut.push([f.line, f.column, f.secret]);
  }
  expect(bytesOut.sort(byLine)).toEqual(out.sort(byLine));
  return out;
}

function whole(text: string) {
  return detector.detect({ path: 'big.js', text }).candidates.map((f): [number, number, string] => [f.line, f.column, f.secret]).sort(byLine);
}

describe('chunkText', () => {
  it('finds every secret of a large file exactly once, at its file line, wherever the piece boundaries fall', () => {
    const lines = Array.from({ length: 400 }, (_, i) => (i % 37 === 5 ? `const k${i} = "${fake.sk()}";` : `// ${randomChars(20 + (i % 50))}`));
    lines[120] = fake.pem();
    const text = lines.join('\n');
    const expected = whole(text);
    expect(expected.length).toBeGreaterThan(10);
    for (const size of [64, 200, 1000, 5000]) expect(inPieces(text, size, 1024)).toEqual(expected);
  });

  it('keeps an allow comment on the line just before a piece boundary', () => {
    const before = Array.from({ length: 50 }, () => `// ${randomChars(30)}`).join('\n');
    const text = `${before}\n// keyward:allow-next-line\nconst k = "${fake.sk()}";\n`;
    expect(whole(text)).toEqual([]);
    for (const size of [100, 500, before.length - 10, before.length + 5]) expect(inPieces(text, size, 256)).toEqual([]);
  });

  it('decodes a piece of a large file only when its text is read', () => {
    const buf = Buffer.from(Array.from({ length: 3000 }, (_, i) => `line ${i} ${randomChars(40)}`).join('\n'));
    const decode = vi.spyOn(Buffer.prototype, 'toString');
    try {
      const pieces = [...chunkText(buf, 20_000, 1024)];
      expect(pieces.length).toBeGreaterThan(5);
      expect(pieces.every((p) => p.bytes !== undefined)).toBe(true);
      expect(decode).not.toHaveBeenCalled();
      expect(pieces[2]!.text.startsWith('line ')).toBe(true);
      expect(decode).toHaveBeenCalledTimes(1);
    } finally {
      decode.mockRestore();
    }
  });

  it('counts each piece\'s first line when asked, in any order', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `line ${i + 1} ${randomChars(40)}`).join('\n');
    const pieces = [...chunkText(Buffer.from(text), 20_000, 1024)];
    const firstLine = (p: (typeof pieces)[number]) => Number(/^line (\d+)/.exec(p.text)![1]);
    for (const i of [4, 1, pieces.length - 1, 0, 2]) expect(pieces[i]!.startLine, `piece ${i}`).toBe(firstLine(pieces[i]!));
    // Asked out of order, each line still has exactly one owner, whose text holds it.
    const fresh = [...chunkText(Buffer.from(text), 20_000, 1024)];
    for (const line of [3000, 1, 1500, 2999, 2]) {
      const owners = fresh.flatMap((p, i) => (p.owned!.has(line) ? [i] : []));
      expect(owners, `line ${line}`).toHaveLength(1);
      expect(fresh[owners[0]!]!.text).toContain(`line ${line} `);
    }
  });

  it('returns small content whole', () => {
    expect([...chunkText(Buffer.from('a\nb\n'), 100, 10)]).toEqual([{ text: 'a\nb\n', startLine: 1 }]);
  });
});
