import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KeywordMatcher } from '../../src/detect/aho-corasick.js';
import { Detector } from '../../src/detect/detector.js';
import type { Ends } from '../../src/detect/prefilter.js';
import { WindowPlanner, plannedWindows } from '../../src/detect/window-plan.js';
import { defaultConfig } from '../../src/config/config.js';
import { resolveRules } from '../../src/engine/rule-set.js';
import { KeywardError } from '../../src/errors.js';
import { readListedFile, type ListedFile } from '../../src/sources/listed-file.js';
import { WorkingTreeSource } from '../../src/sources/working-tree.js';
import { fake, randomChars } from '../helpers/fake-keys.js';
import { tmpDir, writeFiles } from '../helpers/tmp.js';

// The thread runs from the build (`npm test` builds first): a worker cannot start a TypeScript entry.
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'sources');
const built = (await import(path.join(dist, 'threaded-tree-reader.js'))) as typeof import('../../src/sources/threaded-tree-reader.js');
const entry = new URL(`file://${path.join(dist, 'tree-read-thread.js')}`);

const KEYWORDS = ['token', 'secret', 'sk-', 'akia', 'password'];
const MB = 1024 * 1024;
type Ends = (number[] | undefined)[];

/** Text of about `size` bytes with keywords here and there (and in upper case). */
function text(size: number): string {
  const words = ['token', 'SECRET', 'sk-', 'AKIA', 'plain', 'words', 'Password'];
  let s = '';
  while (s.length < size) s += `${words[s.length % words.length]} ${randomChars(20 + (s.length % 50))}\n`;
  return s;
}

/**
 * Files of every kind the thread meets, in listing order: many that together fill a small ring several times,
 * empty ones, one larger than a ring slot, binary bytes, a symbolic link, a FIFO, and a path that is gone.
 */
function tree(): ListedFile[] {
  const dir = tmpDir();
  const files: Record<string, string | Buffer> = { 'a-empty.txt': '', 'b-big.txt': text(1.5 * MB), 'c-binary.bin': Buffer.from([1, 0, 2, 3, 0]) };
  for (let i = 0; i < 24; i++) files[`d-${String(i).padStart(2, '0')}.txt`] = i % 7 === 3 ? '' : text(150_000 + i * 11_000);
  writeFiles(dir, files);
  fs.symlinkSync(path.join(dir, 'd-00.txt'), path.join(dir, 'e-link.txt'));
  execFileSync('mkfifo', [path.join(dir, 'f-fifo')]);
  const listed = Object.keys(files).map((rel) => ({ abs: path.join(dir, rel), rel, regular: true }));
  return [...listed, { abs: path.join(dir, 'e-link.txt'), rel: 'e-link.txt', regular: false }, { abs: path.join(dir, 'f-fifo'), rel: 'f-fifo', regular: false }, { abs: path.join(dir, 'g-gone.txt'), rel: 'g-gone.txt', regular: true }];
}

/** What the main thread makes of a file on its own: the outcome, and the keywords its own scanner finds. */
function readHere(file: ListedFile, matcher: KeywordMatcher): { skip?: string; bytes?: string; ends?: Ends } {
  const o = readListedFile(file, { maxFileSize: 4 * MB });
  if ('skip' in o) return { skip: o.skip };
  const ends: Ends = new Array(KEYWORDS.length);
  matcher.locateBytes(o.fragment.bytes!, ends);
  return { bytes: Buffer.from(o.fragment.bytes!).toString('latin1'), ends };
}

describe('TreeReadThread', () => {
  it('hands out every file once, in order, with the bytes and keyword hits a read on the main thread gives', async () => {
    const files = tree();
    const matcher = new KeywordMatcher(KEYWORDS);
    // Two slots of ring for ~4.5 MB of files: the thread waits for the main thread and wraps around many times.
    const thread = new built.TreeReadThread({ keywords: KEYWORDS, rules: [] }, { entry, ringBytes: 2 * MB });
    thread.read(files, 4 * MB);
    const seen: string[] = [];
    let clean = 0;
    // The main thread reads none itself: the thread takes over from the first file.
    for await (const { file, outcome } of thread.rest()) {
      seen.push(file.rel);
      const here = readHere(file, matcher);
      if ('skip' in outcome) {
        expect(outcome.skip, file.rel).toBe(here.skip);
        continue;
      }
      if (!outcome.fragment) {
        // No keyword in it: only its size comes back, and the main thread finds none either.
        expect(outcome.bytes, file.rel).toBe(here.bytes!.length);
        expect(here.ends!.every((l) => l === undefined), file.rel).toBe(true);
        clean++;
        continue;
      }
      expect(Buffer.from(outcome.fragment.bytes!).toString('latin1'), file.rel).toBe(here.bytes);
      const ends: Ends = new Array(KEYWORDS.length);
      outcome.fragment.scanned!.located(ends);
      expect(ends, file.rel).toEqual(here.ends);
    }
    expect(seen).toEqual(files.map((f) => f.rel));
    expect(clean).toBe(4); // the empty files
  });

  it('chooses the windows of the built-in rules as the main thread would, when asked to whatever its lead', async () => {
    const detector = new Detector(resolveRules(defaultConfig()));
    const plan = detector.threadPlan()!;
    const dir = tmpDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`s${i}.js`] = `// token ${i}\nconst key = "${fake.sk()}";\nexport const TOKEN = "${fake.github()}";\n` + text(20_000 * i) + `\npassword = "x${i}${randomChars(12)}"\n`;
    writeFiles(dir, files);
    const listed = Object.keys(files).map((rel) => ({ abs: path.join(dir, rel), rel, regular: true }));
    const thread = new built.TreeReadThread(plan, { entry, ringBytes: 2 * MB, planAhead: 0 });
    thread.read(listed, 4 * MB);
    const planner = new WindowPlanner(plan.rules, plan.keywords.length);
    let windows = 0;
    for await (const { file, outcome } of thread.rest()) {
      if ('skip' in outcome || !outcome.fragment) throw new Error(`${file.rel} skipped or clean`);
      const bytes = outcome.fragment.bytes!;
      const scanned = outcome.fragment.scanned!;
      expect([scanned.ascii, scanned.utf8]).toEqual([true, true]);
      const ends: Ends = new Array(plan.keywords.length);
      new KeywordMatcher(plan.keywords).locateBytes(bytes, ends);
      const packed: number[] = [];
      planner.plan(bytes, ends, packed);
      for (const [r, expected] of plannedWindows(Int32Array.from(packed), 0)) {
        expect(Array.from(scanned.windows(r) ?? []), `${file.rel}, rule ${r}`).toEqual(Array.from(expected));
        windows += expected.length / 2;
      }
    }
    expect(windows).toBeGreaterThan(24);
  });

  it('settles a file whose windows it chose and found empty as clean, when asked to, unless a rule runs on its whole text', async () => {
    const detector = new Detector(resolveRules(defaultConfig()));
    const plan = detector.threadPlan()!;
    const dir = tmpDir();
    const files: Record<string, string> = {
      'a-prose.js': '// the token is passed on to the next handler\nreturn secret;\n',
      'b-secret.js': `const token = "${fake.github()}";\n`,
      'c-pem.txt': 'see the private key below\n',
    };
    writeFiles(dir, files);
    const listed = Object.keys(files).map((rel) => ({ abs: path.join(dir, rel), rel, regular: true }));
    const outcomes = async (settle: boolean) => {
      const thread = new built.TreeReadThread(plan, { entry, ringBytes: 2 * MB, planAhead: 0, settle });
      thread.read(listed, 4 * MB);
      const got: Record<string, string> = {};
      for await (const { file, outcome } of thread.rest()) got[file.rel] = 'skip' in outcome ? 'skip' : outcome.fragment ? 'fragment' : 'clean';
      return got;
    };
    expect(await outcomes(true)).toEqual({ 'a-prose.js': 'clean', 'b-secret.js': 'fragment', 'c-pem.txt': 'fragment' });
    expect(await outcomes(false)).toEqual({ 'a-prose.js': 'fragment', 'b-secret.js': 'fragment', 'c-pem.txt': 'fragment' });
  });

  it('hands a UTF-16 text over as a fragment even though its bytes hold no keyword (its text is searched)', async () => {
    const dir = tmpDir();
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('password = "x"\r\n', 'utf16le')]);
    writeFiles(dir, { 'a.txt': 'plain words\n', 'b.txt': utf16 });
    const files = ['a.txt', 'b.txt'].map((rel) => ({ abs: path.join(dir, rel), rel, regular: true }));
    const thread = new built.TreeReadThread({ keywords: KEYWORDS, rules: [] }, { entry, ringBytes: 2 * MB });
    thread.read(files, 4 * MB);
    const got: Record<string, string> = {};
    for await (const { file, outcome } of thread.rest()) got[file.rel] = 'skip' in outcome ? outcome.skip : outcome.fragment ? outcome.fragment.text : 'clean';
    expect(got).toEqual({ 'a.txt': 'clean', 'b.txt': 'password = "x"\r\n' });
  });

  it('takes over from the first file the main thread has not taken', async () => {
    const files = tree();
    const thread = new built.TreeReadThread({ keywords: KEYWORDS, rules: [] }, { entry, ringBytes: 2 * MB });
    thread.read(files, 4 * MB);
    let i = 0;
    // The main thread reads a file every few milliseconds (here: pretends to) while the thread starts.
    while (thread.take(i)) {
      i++;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(i).toBeGreaterThan(0);
    expect(i).toBeLessThan(files.length);
    const rest: string[] = [];
    for await (const { file } of thread.rest()) rest.push(file.rel);
    expect(rest).toEqual(files.slice(i).map((f) => f.rel));
    expect(thread.take(i + 1)).toBe(false);
  });

  it('gives the skips their reasons: binary (for the whole-file rules to ask for), link, special file, unreadable', async () => {
    const files = tree();
    const thread = new built.TreeReadThread({ keywords: KEYWORDS, rules: [] }, { entry, ringBytes: 2 * MB });
    thread.read(files, 4 * MB);
    const skips: Record<string, string> = {};
    for await (const { file, outcome, binary } of thread.rest()) if ('skip' in outcome) skips[file.rel] = outcome.skip + (binary ? ' (bytes wanted?)' : '');
    expect(skips).toEqual({ 'c-binary.bin': 'binary (bytes wanted?)', 'e-link.txt': 'symlink', 'f-fifo': 'special', 'g-gone.txt': 'unreadable' });
  });

  it('fails with a clear error, not a hang, when the thread dies', async () => {
    const dir = tmpDir();
    writeFiles(dir, { 'broken.mjs': 'throw new Error("boom");\n' });
    const thread = new built.TreeReadThread({ keywords: KEYWORDS, rules: [] }, { entry: new URL(`file://${path.join(dir, 'broken.mjs')}`), ringBytes: 2 * MB });
    thread.read(tree(), 4 * MB);
    const reading = (async () => {
      for await (const _ of thread.rest());
    })();
    const failure = await reading.then(() => undefined, (e: Error) => e);
    expect(failure?.name).toBe(KeywardError.name); // the build's class, not this one: compared by name
    expect(failure?.message).toMatch(/file reader thread failed: .*boom/);
  });

  it('refuses a ring without room for two files', () => {
    expect(() => new built.TreeReadThread({ keywords: KEYWORDS, rules: [] }, { entry, ringBytes: MB })).toThrow(RangeError);
  });
});

describe('WorkingTreeSource.looksLong', () => {
  it('guesses a long listing from the first folders it reads, leaving out .git and node_modules', () => {
    const dir = tmpDir();
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`deep/er/f${i}.txt`, 'x']));
    writeFiles(dir, { ...Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`node_modules/p/f${i}.js`, 'x'])), 'a.txt': 'x' });
    expect(WorkingTreeSource.looksLong([dir])).toBe(false);
    writeFiles(dir, many);
    expect(WorkingTreeSource.looksLong([dir])).toBe(true);
    expect(WorkingTreeSource.looksLong([path.join(dir, 'a.txt')])).toBe(false);
  });
});
