import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesFragment, decodeText, readTextFile } from '../../src/sources/read-text.js';
import { tmpDir } from '../helpers/tmp.js';

describe('reading files for the scan', () => {
  it('skips a symlink and a FIFO that replaced a file the walk listed as regular, without blocking', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'target.txt'), 'x');
    fs.symlinkSync(path.join(dir, 'target.txt'), path.join(dir, 'link.txt'));
    execFileSync('mkfifo', [path.join(dir, 'fifo.txt')]);
    fs.mkdirSync(path.join(dir, 'dir.txt'));
    for (const into of [undefined, Buffer.alloc(64)]) {
      expect(readTextFile(path.join(dir, 'link.txt'), 1000, true, into)).toMatchObject({ skip: 'symlink' });
      expect(readTextFile(path.join(dir, 'fifo.txt'), 1000, true, into)).toMatchObject({ skip: 'special' });
      expect(readTextFile(path.join(dir, 'dir.txt'), 1000, true, into)).toMatchObject({ skip: 'special' });
    }
  });

  it('reads a file smaller, as large as, or larger than the read buffer whole, and an empty one', () => {
    const dir = tmpDir();
    const into = Buffer.alloc(64);
    for (const size of [0, 1, 63, 64, 65, 200]) {
      const bytes = Buffer.from(Array.from({ length: size }, (_, i) => 97 + (i % 26)));
      fs.writeFileSync(path.join(dir, `f${size}.txt`), bytes);
      const read = readTextFile(path.join(dir, `f${size}.txt`), 1000, true, into);
      expect('buf' in read && Buffer.from(read.buf)).toEqual(bytes);
      if (size > 0) expect(readTextFile(path.join(dir, `f${size}.txt`), size - 1, true, into)).toMatchObject({ skip: 'tooLarge', detail: `${size} bytes > limit ${size - 1}` });
    }
  });

  it('reads the bytes of a regular file and skips it when larger than the limit', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'hello');
    expect(readTextFile(path.join(dir, 'a.txt'), 1000, true)).toEqual({ buf: Buffer.from('hello') });
    expect(readTextFile(path.join(dir, 'a.txt'), 3, true)).toMatchObject({ skip: 'tooLarge' });
  });

  it('decodes ASCII, UTF-8 (invalid bytes become U+FFFD) and UTF-16 with a BOM to the same text as before', () => {
    expect(decodeText(Buffer.from('plain ascii\n'))).toBe('plain ascii\n');
    expect(decodeText(Buffer.from('clé 🔑'))).toBe('clé 🔑');
    expect(decodeText(Buffer.from([0x61, 0xff, 0x62]))).toBe('a\ufffdb');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hé', 'utf16le')]))).toBe('hé');
  });

  it('decodes a bytes fragment only when its text is first read, once', () => {
    const buf = Buffer.from('key = 1\n');
    const f = bytesFragment('a.txt', buf);
    expect(f.bytes).toBe(buf);
    expect(f.text).toBe('key = 1\n');
    expect(f.text).toBe(f.text);
    expect(bytesFragment('u16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x', 'utf16le')])).bytes).toBeUndefined();
  });

  it("keeps a bytes fragment's source details: where it starts, its commit and blob, what a reader thread found", () => {
    const commit = { sha: 'a'.repeat(40), author: 'A', email: 'a@example.com', date: '2026-01-01T00:00:00Z' };
    const scanned = { located: () => 0, ascii: true, utf8: true, windows: () => undefined };
    const f = bytesFragment('src/a.js', Buffer.from('const a = 1;\n'), { startLine: 7, commit, blob: 'b'.repeat(40), scanned });
    expect(f).toMatchObject({ path: 'src/a.js', startLine: 7, commit, blob: 'b'.repeat(40), scanned, text: 'const a = 1;\n' });
    expect(bytesFragment('src/b.js', Buffer.from('x')).startLine).toBeUndefined();
  });
});
