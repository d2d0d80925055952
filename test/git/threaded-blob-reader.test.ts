import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ByteRing } from '../../src/git/byte-ring.js';
import type { BlobResult } from '../../src/git/cat-file.js';
import { GitError } from '../../src/errors.js';
import { git, gitRepo, writeFiles } from '../helpers/tmp.js';

// The reader thread runs from the build (`npm test` builds first): a worker cannot start a TypeScript entry.
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'git');
const built = (await import(path.join(dist, 'threaded-blob-reader.js'))) as typeof import('../../src/git/threaded-blob-reader.js');
const entry = new URL(`file://${path.join(dist, 'cat-file-thread.js')}`);

describe('ByteRing', () => {
  it('hands queued bytes back in order across the end of the ring', () => {
    const ring = ByteRing.create(16);
    expect(ring.put(Buffer.from('0123456789'))).toBe(10);
    ring.consume(8);
    expect(ring.put(Buffer.from('abcdefghijkl'))).toBe(12);
    expect(ring.filled).toBe(14);
    const out = Buffer.alloc(14);
    ring.copy(0, 14, out);
    expect(out.toString()).toBe('89abcdefghijkl');
    expect(ring.indexOf('k'.charCodeAt(0), 0, ring.filled)).toBe(12);
    expect(ring.indexOf('k'.charCodeAt(0), 0, 12)).toBe(-1);
    expect(ring.view(0, 8)).toBeDefined();
    expect(ring.view(0, 9)).toBeUndefined(); // wraps around the end
  });

  it('takes only what fits while the reader lags, and the rest once space is given back', async () => {
    const ring = ByteRing.create(8);
    expect(ring.put(Buffer.from('abcdefghij'))).toBe(8);
    expect(ring.put(Buffer.from('z'))).toBe(0);
    const freed = ring.roomFreed();
    ring.consume(3);
    await freed;
    expect(ring.put(Buffer.from('ijk'))).toBe(3);
    const out = Buffer.alloc(8);
    ring.copy(0, 8, out);
    expect(out.toString()).toBe('defghijk');
  });

  it('wakes a waiting reader when the writer ends', async () => {
    const ring = ByteRing.create(8);
    const mark = ring.mark;
    const woken = ring.changed(mark);
    ring.end();
    await woken;
    expect(ring.ended).toBe(true);
  });
});

describe('ThreadedBlobReader', () => {
  /** A repository whose blobs are smaller than, about as large as, and several times larger than a 64 KB ring. */
  function repoWithBlobs(): { dir: string; oids: string[] } {
    const dir = gitRepo();
    const files: Record<string, Buffer> = {};
    const sizes = [0, 1, 100, 30_000, 65_535, 65_536, 70_000, 200_000, 5, 40_000, 40_000, 1_000_000];
    sizes.forEach((n, i) => (files[`f${i}.bin`] = randomBytes(n)));
    writeFiles(dir, files);
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'blobs');
    const oids = Object.keys(files).map((f) => git(dir, 'rev-parse', `HEAD:${f}`).trim());
    return { dir, oids };
  }

  const catFile = (dir: string, oid: string) => execFileSync('git', ['cat-file', 'blob', oid], { cwd: dir, maxBuffer: 1 << 24 });

  it('returns every blob byte for byte, in request order, also blobs that wrap around or exceed the ring', async () => {
    const { dir, oids } = repoWithBlobs();
    const reader = new built.ThreadedBlobReader(dir, { entry, ringBytes: 64 * 1024 });
    try {
      // Twice over, so the ring wraps many times; each answer is checked before the next is asked for.
      const order = [...oids, ...oids.slice().reverse()];
      for (const oid of order) reader.request(oid);
      for (const oid of order) {
        const r = await reader.next(10 * 1024 * 1024);
        expect(r.oid).toBe(oid);
        expect('content' in r && Buffer.compare(r.content, catFile(dir, oid))).toBe(0);
      }
    } finally {
      await reader.close();
    }
  });

  it('returns the same bytes from a ring placed in shared memory that holds other data', async () => {
    const { dir, oids } = repoWithBlobs();
    const memory = new SharedArrayBuffer(1 << 20);
    const other = new Uint8Array(memory, 0, 4096).fill(7);
    const reader = new built.ThreadedBlobReader(dir, { entry, ringBytes: 64 * 1024, ringSpace: () => ({ buffer: memory, offset: 4096 }) });
    try {
      for (const oid of oids) reader.request(oid);
      for (const oid of oids) {
        const r = await reader.next(10 * 1024 * 1024);
        expect('content' in r && Buffer.compare(r.content, catFile(dir, oid))).toBe(0);
      }
      expect(other.every((b) => b === 7)).toBe(true);
    } finally {
      await reader.close();
    }
  });

  it('hands out in place, uncopied, every blob that fits the ring, also one that would have wrapped around its end', async () => {
    const { dir, oids } = repoWithBlobs();
    const ringBytes = 64 * 1024;
    const memory = new SharedArrayBuffer(1 << 20);
    const reader = new built.ThreadedBlobReader(dir, { entry, ringBytes, ringSpace: () => ({ buffer: memory, offset: 0 }) });
    try {
      const order = [...oids, ...oids.slice().reverse(), ...oids];
      for (const oid of order) reader.request(oid);
      let inPlace = 0;
      for (const oid of order) {
        const r = await reader.next(10 * 1024 * 1024);
        if (!('content' in r) || !r.content) throw new Error(`${oid}: no content`);
        expect(Buffer.compare(r.content, catFile(dir, oid))).toBe(0);
        expect(r.content.buffer === memory, `${r.content.length} bytes`).toBe(r.content.length + 1 <= ringBytes);
        if (r.content.buffer === memory) inPlace++;
      }
      expect(inPlace).toBeGreaterThan(20);
    } finally {
      await reader.close();
    }
  });

  it('takes a thread started before the repository was known, and reads through it', async () => {
    const early = built.startReaderEarly();
    expect(early).toBeGreaterThan(0);
    expect(built.startReaderEarly()).toBe(early); // one waiting thread at a time
    const { dir, oids } = repoWithBlobs();
    const reader = new built.ThreadedBlobReader(dir, { entry, ringBytes: 64 * 1024 });
    try {
      expect(reader.threadId).toBe(early);
      for (const oid of oids) reader.request(oid);
      for (const oid of oids) {
        const r = await reader.next(10 * 1024 * 1024);
        expect('content' in r && Buffer.compare(r.content, catFile(dir, oid))).toBe(0);
      }
    } finally {
      await reader.close();
    }
    // The next reader starts a thread of its own.
    const next = new built.ThreadedBlobReader(dir, { entry, ringBytes: 64 * 1024 });
    expect(next.threadId).not.toBe(early);
    await next.close();
  });

  it('reports a reader thread that fails to start, whether it failed before or after a reader took it', async () => {
    const { dir, oids } = repoWithBlobs();
    const broken = new URL(`file://${path.join(dir, 'broken-thread.mjs')}`);
    fs.writeFileSync(broken, "throw new Error('no thread today');\n");
    for (const wait of [0, 500]) {
      built.startReaderEarly(broken);
      await new Promise((r) => setTimeout(r, wait));
      const reader = new built.ThreadedBlobReader(dir, { entry: broken, ringBytes: 64 * 1024 });
      reader.request(oids[0]!);
      await expect(reader.next(1024)).rejects.toThrow(/reader thread/);
      await reader.close().catch(() => undefined);
    }
  });

  it('lets the process exit when nobody takes the early thread', () => {
    const script = `import(${JSON.stringify(path.join(dist, 'threaded-blob-reader.js'))}).then((m) => { m.startReaderEarly(); console.log('started'); })`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe('started');
  });

  it('answers a missing object and skips a blob above the size limit without losing its place', async () => {
    const { dir, oids } = repoWithBlobs();
    const reader = new built.ThreadedBlobReader(dir, { entry, ringBytes: 64 * 1024 });
    const absent = 'f'.repeat(40);
    const big = oids[11]!;
    const small = oids[2]!;
    try {
      for (const oid of [absent, big, small]) reader.request(oid);
      const answers: BlobResult[] = [];
      for (let i = 0; i < 3; i++) answers.push(await reader.next(500_000));
      expect(answers[0]).toEqual({ oid: absent, missing: true });
      expect(answers[1]).toEqual({ oid: big, size: 1_000_000, tooLarge: true });
      expect(answers[2]!.oid).toBe(small);
      expect('content' in answers[2]! && Buffer.compare(answers[2].content, catFile(dir, small))).toBe(0);
    } finally {
      await reader.close();
    }
  });

  it('fails with a git error, not a hang, when git cannot run in the folder', async () => {
    const dir = fs.mkdtempSync(path.join(path.dirname(gitRepo()), 'not-a-repo-'));
    const reader = new built.ThreadedBlobReader(dir, { entry });
    try {
      reader.request('a'.repeat(40));
      const failure = await reader.next(1024).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).name).toBe(GitError.name);
      expect((failure as Error).message).toMatch(/git cat-file failed|ended before/);
    } finally {
      await reader.close();
    }
  });

  it('stops git and its thread when closed with answers still unread', async () => {
    const { dir, oids } = repoWithBlobs();
    const reader = new built.ThreadedBlobReader(dir, { entry, ringBytes: 64 * 1024 });
    for (let i = 0; i < 20; i++) for (const oid of oids) reader.request(oid);
    await reader.next(1 << 24);
    await reader.close(); // resolves once the thread has exited: the test would time out otherwise
  });
});
