import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { blobId, sha1 } from '../../src/git/object-id.js';

describe('object ids (SHA-1 in JavaScript)', () => {
  it('is SHA-1 for every length around the block and padding boundaries, and for long inputs in parts', () => {
    const lengths = [...Array.from({ length: 200 }, (_, i) => i), 1000, 4095, 4096, 65_537, 1_000_003];
    for (const n of lengths) {
      const bytes = randomBytes(n);
      expect(sha1([bytes]), `${n} bytes`).toBe(createHash('sha1').update(bytes).digest('hex'));
      const cut = Math.floor(n / 3);
      expect(sha1([bytes.subarray(0, cut), bytes.subarray(cut)]), `${n} bytes in two parts`).toBe(createHash('sha1').update(bytes).digest('hex'));
    }
  });

  it("is git's id of a blob with these bytes", () => {
    for (const text of ['', 'hello world\n', 'no newline', 'crlf\r\nline\r\n', '\u00e9\u20ac \ud83d\udd11\n']) {
      const bytes = Buffer.from(text, 'utf8');
      expect(blobId(bytes)).toBe(execFileSync('git', ['hash-object', '--stdin'], { input: bytes, encoding: 'utf8' }).trim());
    }
    const binary = randomBytes(5000);
    expect(blobId(binary)).toBe(execFileSync('git', ['hash-object', '--stdin'], { input: binary, encoding: 'utf8' }).trim());
  });
});
