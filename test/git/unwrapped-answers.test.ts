import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ByteRing } from '../../src/git/byte-ring.js';
import { AnswerWriter, bodyAfter, padBefore } from '../../src/git/unwrapped-answers.js';

const LF = 10;

/** cat-file answers: blobs of these sizes (-1: a missing object), and the stream git would write for them. */
function answers(sizes: number[]): { bodies: (Buffer | undefined)[]; stream: Buffer } {
  const bodies = sizes.map((n) => (n < 0 ? undefined : randomBytes(n)));
  const parts = bodies.flatMap((b, i) => {
    const oid = i.toString(16).padStart(40, '0');
    return b ? [Buffer.from(`${oid} blob ${b.length}\n`), b, Buffer.from('\n')] : [Buffer.from(`${oid} missing\n`)];
  });
  return { bodies, stream: Buffer.concat(parts) };
}

describe('unwrapped cat-file answers', () => {
  it('pads only before a body that would run over the ring end and fits the ring from its start', () => {
    expect(padBefore(200, 100, 256)).toBe(56);
    expect(padBefore(100, 100, 256)).toBe(0);
    expect(padBefore(0, 256, 256)).toBe(0);
    expect(padBefore(200, 300, 256)).toBe(0);
    expect(bodyAfter(`${'a'.repeat(40)} blob 12`)).toBe(13);
    expect(bodyAfter(`${'a'.repeat(40)} missing`)).toBe(0);
  });

  it('gives a reader that skips the same pads every body that fits the ring whole, in place, fed in any chunks', () => {
    const sizes = Array.from({ length: 300 }, (_, i) => (i % 17 === 5 ? -1 : (i * 37) % 301));
    const { bodies, stream } = answers(sizes);
    const ring = ByteRing.create(256);
    const writer = new AnswerWriter(ring);
    let fed = 0;
    let step = 0;
    const feed = () => {
      if (fed < stream.length && ring.size - ring.filled >= writer.needs) fed += writer.put(stream.subarray(fed, fed + 1 + ((step++ * 13) % 61)));
    };
    const until = (n: number) => {
      for (let guard = 0; ring.filled < n; guard++) {
        if (guard > 1e6 || fed === stream.length) throw new Error(`stalled waiting for ${n} bytes`);
        feed();
      }
    };
    let whole = 0;
    for (const body of bodies) {
      let nl = -1;
      while ((nl = ring.indexOf(LF, 0, ring.filled)) === -1) until(ring.filled + 1);
      const header = Buffer.alloc(nl);
      ring.copy(0, nl, header);
      ring.consume(nl + 1);
      const bytes = bodyAfter(header.toString('latin1'));
      expect(bytes).toBe(body ? body.length + 1 : 0);
      const pad = padBefore(ring.readAt, bytes, ring.size);
      until(pad);
      ring.consume(pad);
      if (!body) continue;
      if (bytes <= ring.size) {
        until(bytes);
        const view = ring.view(0, body.length);
        expect(view, `a body of ${body.length} bytes`).toBeDefined();
        expect(Buffer.compare(Buffer.from(view!), body)).toBe(0);
        ring.consume(bytes);
        whole++;
      } else {
        const out = Buffer.alloc(bytes);
        for (let have = 0; have < bytes; ) {
          until(1);
          const n = Math.min(ring.filled, bytes - have);
          ring.copy(0, n, out, have);
          ring.consume(n);
          have += n;
        }
        expect(Buffer.compare(out.subarray(0, body.length), body)).toBe(0);
      }
    }
    expect(fed).toBe(stream.length);
    expect(whole).toBeGreaterThan(150);
  });
});
