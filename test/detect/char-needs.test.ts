import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import fc from 'fast-check';
import { holdsNeeds, holdsRun, needTable, runTable } from '../../src/detect/char-needs.js';
import { Detector } from '../../src/detect/detector.js';
import { resolveRules } from '../../src/engine/rule-set.js';
import { bytesFragment } from '../../src/sources/read-text.js';
import { randomChars } from '../helpers/fake-keys.js';

describe('need tables', () => {
  const table = needTable([
    { ascii: '0123456789', nonAscii: false },
    { ascii: '=:', nonAscii: true },
  ])!;

  it('holds a window with a character of every need, in any order', () => {
    const b = Buffer.from('a: b 7');
    expect(holdsNeeds(b, 0, b.length, table)).toBe(true);
  });

  it('looks only inside [from, to)', () => {
    const b = Buffer.from('7 token = x');
    expect(holdsNeeds(b, 1, b.length, table)).toBe(false);
    expect(holdsNeeds(b, 0, 8, table)).toBe(false);
  });

  it('counts every byte of a non-ASCII character for a need that may hold one', () => {
    const b = Buffer.from('token ≔ 7');
    expect(holdsNeeds(b, 0, b.length, table)).toBe(true);
    expect(holdsNeeds(b, 0, b.length, needTable([{ ascii: '=', nonAscii: false }])!)).toBe(false);
  });

  it('finds a needed character at any place of a window of any length', () => {
    const two = needTable([
      { ascii: '7', nonAscii: false },
      { ascii: ':', nonAscii: false },
    ])!;
    for (let len = 0; len < 24; len++)
      for (let a = 0; a < len; a++)
        for (let b = 0; b < len; b++) {
          const line = Buffer.alloc(len + 2, 'x');
          line[1 + a] = '7'.charCodeAt(0);
          line[1 + b] = a === b ? 'x'.charCodeAt(0) : ':'.charCodeAt(0);
          expect(holdsNeeds(line, 1, len + 1, two), `${len} ${a} ${b}`).toBe(a !== b);
        }
  });

  it('has no table for no needs', () => {
    expect(needTable([])).toBeUndefined();
  });
});

describe('run tables', () => {
  const run = runTable({ ascii: 'abc', nonAscii: false, length: 4 })!;
  /** The plain answer: some `length` bytes in a row inside [from, to) are all of the class. */
  const naive = (b: Uint8Array, from: number, to: number) => {
    for (let i = from, n = 0; i < to; i++) if ((n = run.table[b[i]!] ? n + 1 : 0) >= run.length) return true;
    return false;
  };

  it('finds a run anywhere in [from, to), and none that the edges cut', () => {
    const b = Buffer.from('xxabcaxx');
    expect(holdsRun(b, 0, b.length, run)).toBe(true);
    expect(holdsRun(b, 3, b.length, run)).toBe(false);
    expect(holdsRun(b, 0, 5, run)).toBe(false);
  });

  it('agrees with a byte-by-byte count on random texts', () => {
    const bytes = fc.uint8Array({ maxLength: 40 }).map((a) => Uint8Array.from(a, (x) => [97, 98, 99, 120, 0xc3][x % 5]!));
    fc.assert(
      fc.property(bytes, fc.nat(40), fc.nat(40), (b, x, y) => {
        const from = Math.min(x, y, b.length);
        const to = Math.min(Math.max(x, y), b.length);
        return holdsRun(b, from, to, run) === naive(b, from, to);
      }),
      { numRuns: 3000 },
    );
  });

  it('counts bytes of non-ASCII characters for a class that may hold them', () => {
    const wide = runTable({ ascii: 'a', nonAscii: true, length: 4 })!;
    expect(holdsRun(Buffer.from('aéa'), 0, 4, wide)).toBe(true);
    expect(holdsRun(Buffer.from('aéa'), 0, 4, runTable({ ascii: 'a', nonAscii: false, length: 2 })!)).toBe(false);
  });
});

describe('windows without a needed character', () => {
  const detector = new Detector(resolveRules(defaultConfig()), { automatonAfter: 0 });

  it('are never decoded, and a window with one still finds its secret', () => {
    const secret = randomChars(12, 'abcdefghijklmnopqrstuvwxyz') + randomChars(8, '0123456789') + randomChars(12, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    // Lines about tokens without a digit, far enough apart for a window each; the secret on the last one.
    const code = Array.from({ length: 400 }, () => 'const token = readToken(input, options);\nreturn;\nreturn;\nreturn;\n').join('');
    const buf = Buffer.from(`${code}const apiToken = "${secret}";\n`);
    const decode = vi.spyOn(Buffer.prototype, 'toString');
    try {
      const found = detector.detect(bytesFragment('src/client.js', buf)).candidates.map((c) => [c.rule.spec.id, c.secret, c.line]);
      expect(found).toEqual([['generic-api-secret', secret, 1601]]);
      const decoded = decode.mock.calls.reduce((n, [, from, to]) => n + ((to as number | undefined) ?? buf.length) - ((from as number | undefined) ?? 0), 0);
      expect(decoded).toBeLessThan(200);
    } finally {
      decode.mockRestore();
    }
  });

  it('without the run of one class every match holds are never decoded, and a window with one still finds its secret', () => {
    // getstream-api-secret: `stream` near a key and 64 letters and digits; lines that mention streams hold no such run.
    const key = randomChars(64, 'abcdefghijklmnopqrstuvwxyz0123456789');
    const code = Array.from({ length: 400 }, (_, i) => `const s${i} = openStream(input, 12345);\nreturn;\nreturn;\nreturn;\nreturn;\nreturn;\n`).join('');
    const buf = Buffer.from(`${code}STREAM_API_SECRET="${key}"\n`);
    const decode = vi.spyOn(Buffer.prototype, 'toString');
    try {
      const found = detector.detect(bytesFragment('src/client.js', buf)).candidates.map((c) => [c.rule.spec.id, c.secret]);
      expect(found).toContainEqual(['getstream-api-secret', key]);
      const decoded = decode.mock.calls.reduce((n, [, from, to]) => n + ((to as number | undefined) ?? buf.length) - ((from as number | undefined) ?? 0), 0);
      expect(decoded).toBeLessThan(buf.length / 10);
    } finally {
      decode.mockRestore();
    }
  });
});
