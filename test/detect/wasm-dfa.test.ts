import { describe, expect, it } from 'vitest';
import { KeywordMatcher } from '../../src/detect/aho-corasick.js';
import { defaultConfig } from '../../src/config/config.js';
import { resolveRules } from '../../src/engine/rule-set.js';

let seed = 4242;
const rand = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return (seed >>> 8) % n;
};

/** Every keyword occurrence as `keyword@end`, sorted: what the two byte loops must agree on. */
function occurrences(m: KeywordMatcher, bytes: Uint8Array): string[] {
  const ends: (number[] | undefined)[] = new Array(m.keywords.length);
  m.locateBytes(bytes, ends);
  return ends.flatMap((list, k) => (list ?? []).map((e) => `${m.keywords[k]}@${e}`)).sort();
}

/** Random text salted with keywords, long enough for the WebAssembly loop (4 KB and up). */
function saltedText(keywords: readonly string[], length: number): Buffer {
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const part = rand(4) === 0 ? keywords[rand(keywords.length)]!.toUpperCase() : 'xyz q_=\n"'.slice(rand(8));
    parts.push(part);
    size += part.length;
  }
  return Buffer.from(parts.join(''), 'latin1');
}

describe('keyword scan in WebAssembly', () => {
  const keywords = [...new Set(resolveRules(defaultConfig()).flatMap((r) => r.keywords))].filter((k) => /^[\x00-\x7f]+$/.test(k));
  const wasm = new KeywordMatcher(keywords);
  const js = new KeywordMatcher(keywords, { wasm: false });

  it('finds the same keyword occurrences as the JavaScript loop, the built-in keywords on salted text', () => {
    for (const length of [4096, 4099, 10_000, 65_537, 300_000]) {
      const bytes = saltedText(keywords, length);
      const got = occurrences(wasm, bytes);
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(occurrences(js, bytes));
    }
  });

  it('finds a keyword that straddles the cut between two of its four streams, once', () => {
    // 'sk_live_' placed across each quarter boundary of a 16 KB text of filler.
    const n = 16_384;
    for (const shift of [-7, -4, -1, 0, 1]) {
      const bytes = Buffer.alloc(n, 'z');
      for (let k = 1; k < 4; k++) bytes.write('sk_live_', (k * n) / 4 + shift, 'latin1');
      expect(occurrences(wasm, bytes)).toEqual(occurrences(js, bytes));
      expect(occurrences(wasm, bytes).filter((o) => o.startsWith('sk_live_@'))).toHaveLength(3);
    }
  });

  it('finds keywords that straddle the cut between two 1 MB pieces of a long text', () => {
    const n = 2 * 1024 * 1024 + 100;
    for (const shift of [-7, -1, 0]) {
      const bytes = Buffer.alloc(n, 'z');
      bytes.write('sk_live_', 1024 * 1024 + shift, 'latin1');
      bytes.write('sk_live_', 2 * 1024 * 1024 + shift, 'latin1');
      const got = occurrences(wasm, bytes).filter((o) => o.startsWith('sk_live_@'));
      expect(got).toEqual(occurrences(js, bytes).filter((o) => o.startsWith('sk_live_@')));
      expect(got).toHaveLength(2);
    }
  });

  it('scans bytes that lie in its own spare memory where they are, with the same answer as a copy', () => {
    const m = new KeywordMatcher(keywords);
    const place = m.spare(4 * 1024 * 1024)!;
    expect(place.buffer).toBeInstanceOf(SharedArrayBuffer);
    const text = saltedText(keywords, 3 * 1024 * 1024 + 17);
    const inPlace = new Uint8Array(place.buffer, place.offset + 5, text.length);
    inPlace.set(text);
    expect(occurrences(m, inPlace)).toEqual(occurrences(js, text));
    // The scanner exists now: the same room again for a smaller need, none larger than it has.
    expect(m.spare(1024)).toEqual(place);
    expect(m.spare(5 * 1024 * 1024)).toBeUndefined();
  });

  it('has a megabyte of room when built without asking (a tree scan reads its files there)', () => {
    const m = new KeywordMatcher(keywords);
    m.locateBytes(saltedText(keywords, 64 * 1024), []);
    const place = m.spare(1024 * 1024)!;
    expect(place.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(m.spare(1024 * 1024 + 1)).toBeUndefined();
  });

  it('answers from the JavaScript loop when a text holds more keyword hits than its hit areas take', () => {
    const m = new KeywordMatcher(['a', 'ab']);
    const bytes = Buffer.from('ab'.repeat(200_000), 'latin1');
    const ends: (number[] | undefined)[] = [undefined, undefined];
    expect(m.locateBytes(bytes, ends)).toBe(2);
    expect(ends[0]).toHaveLength(200_000);
    expect(ends[1]![199_999]).toBe(399_999);
  });

  it('scans a text after a larger one without stale bytes from the first', () => {
    const m = new KeywordMatcher(['needle']);
    const big = Buffer.alloc(50_000, 'a');
    big.write('needle', 40_000, 'latin1');
    expect(occurrences(m, big)).toEqual(['needle@40005']);
    expect(occurrences(m, Buffer.alloc(5_000, 'b'))).toEqual([]);
  });
});
