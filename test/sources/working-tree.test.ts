import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { READ_BUFFER } from '../../src/sources/listed-file.js';
import { WorkingTreeSource } from '../../src/sources/working-tree.js';
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

  it('lists each file once, by its path from the root, for folders, a file and overlapping targets', async () => {
    const dir = tmpDir();
    for (const f of ['a.txt', 'src/b.txt', 'src/lib/c.txt', 'docs/d.md', 'z.txt']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), f);
    }
    fs.symlinkSync('a.txt', path.join(dir, 'src', 'link.txt'));
    const targets = [path.join(dir, 'src', 'lib'), path.join(dir, 'src'), path.join(dir, 'z.txt'), path.join(dir, 'docs', 'd.md')];
    const source = new WorkingTreeSource({ root: dir, targets, respectGitignore: false, maxFileSize: 1000, exclude: (rel) => rel.endsWith('.md') });
    const listed = await source.listed();
    expect(listed.map((f) => [f.rel, f.abs === path.join(dir, f.rel), f.regular])).toEqual([
      ['src/b.txt', true, true],
      ['src/lib/c.txt', true, true],
      ['src/link.txt', true, false], // seen by the walk as a link: read checks it (and skips it)
      ['z.txt', true, false], // named: read checks it
    ]);
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
