import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { READ_BUFFER, WorkingTreeSource } from '../../src/sources/working-tree.js';
import { tmpDir } from '../helpers/tmp.js';

describe('the working-tree source', () => {
  it('hands each file its own bytes when files are read into one buffer, larger ones into their own', async () => {
    const dir = tmpDir();
    // Enough files for the scan to ask for the buffer; distinct contents, in name order: a file read after a
    // larger one must not show the larger one's tail.
    const sizes = [300 * 1024, 10, READ_BUFFER * 2, 5, READ_BUFFER, 700 * 1024, 1, 0, ...Array.from({ length: 250 }, (_, i) => i % 40)];
    const name = (i: number) => `f${String(i).padStart(3, '0')}.txt`;
    sizes.forEach((n, i) => fs.writeFileSync(path.join(dir, name(i)), Buffer.alloc(n, 65 + (i % 50))));
    const buffer = Buffer.alloc(READ_BUFFER);
    let asked = 0;
    const source = new WorkingTreeSource({
      root: dir,
      targets: [dir],
      respectGitignore: false,
      maxFileSize: 10 * READ_BUFFER,
      readBuffer: (bytes) => (asked++, bytes === READ_BUFFER ? buffer : undefined),
    });
    const seen: string[] = [];
    let inBuffer = 0;
    for await (const f of source.fragments()) {
      expect(Buffer.from(f.bytes!).equals(fs.readFileSync(path.join(dir, f.path))), f.path).toBe(true);
      if (f.bytes!.buffer === buffer.buffer) inBuffer++;
      seen.push(f.path);
    }
    expect(seen).toEqual(sizes.map((_, i) => name(i)));
    // Asked once, before the first read; every file that fits was read into it (all but the 2 MB one).
    expect(asked).toBe(1);
    expect(inBuffer).toBe(sizes.length - 1);
    expect(source.stats.bytes).toBe(sizes.reduce((a, b) => a + b, 0));
  });

  it('does not ask for a read buffer for a few files', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'hello');
    let asked = 0;
    const source = new WorkingTreeSource({ root: dir, targets: [dir], respectGitignore: false, maxFileSize: 1000, readBuffer: () => (asked++, undefined) });
    for await (const f of source.fragments()) expect(Buffer.from(f.bytes!).toString()).toBe('hello');
    expect(asked).toBe(0);
  });
});
