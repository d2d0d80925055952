/**
 * Worker thread entry for TreeReadThread (threaded-tree-reader.ts): reads the listed files of a working-tree scan
 * in report order into a shared ring, finds their keywords there with a keyword scanner of its own, and tells the
 * main thread where each file's bytes and keywords are. The main thread then spends its time on what needs the
 * rules: the windows around the keywords. Reading and the keyword pass (~0.35 s of the tree corpus) are system
 * calls and WebAssembly: a second thread runs them without compiling much of its own.
 */
import { parentPort } from 'node:worker_threads';
import { KeywordMatcher } from '../detect/aho-corasick.js';
import { readTextFile } from './read-text.js';
import { FILE_SLOT, HUNGRY, Kind, NEXT, POSTED, RECORD, RELEASED, SKIP_CODES, TAKEN_OVER, packHits, type TreeReadAnswer, type TreeReadRequest } from './tree-read-protocol.js';

type Prepare = Extract<TreeReadRequest, { t: 'prepare' }>;
type Read = Extract<TreeReadRequest, { t: 'read' }>;
type Post = (a: TreeReadAnswer, transfer?: ArrayBuffer[]) => void;

parentPort!.once('message', (p: Prepare) => {
  const control = new Int32Array(p.control);
  const post: Post = (a, transfer = []) => {
    p.port.postMessage(a, transfer);
    Atomics.add(control, POSTED, 1);
    Atomics.notify(control, POSTED);
  };
  const fail = (e: unknown) => {
    post({ t: 'error', message: (e as Error).stack ?? String(e) });
    p.port.close();
  };
  try {
    const matcher = new KeywordMatcher(p.keywords);
    const place = matcher.spare(p.ringBytes) ?? { buffer: new SharedArrayBuffer(p.ringBytes), offset: 0 };
    post({ t: 'ring', buffer: place.buffer, offset: place.offset });
    parentPort!.once('message', (r: Read) => {
      try {
        // The main thread has read the files before this one itself, while this thread got ready.
        const from = Atomics.exchange(control, NEXT, TAKEN_OVER);
        read(r, from, { matcher, ring: Buffer.from(place.buffer, place.offset, p.ringBytes), control, post });
        p.port.close();
      } catch (e) {
        fail(e);
      }
    });
  } catch (e) {
    fail(e);
  }
});

/** Files per answer at most (a message costs ~20 µs); fewer whenever the main thread waits for one. */
const BATCH = 64;

interface Reader {
  matcher: KeywordMatcher;
  /** The shared ring, in the matcher's own memory: files read there are scanned in place. */
  ring: Buffer;
  control: Int32Array;
  post: Post;
}

function read(m: Read, from: number, { matcher, ring, control, post }: Reader): void {
  const ringBytes = ring.length;
  const ends: (number[] | undefined)[] = new Array(matcher.keywords.length);
  let records: number[] = [];
  let hits: number[] = [];
  let transfer: ArrayBuffer[] = [];
  let large: ArrayBuffer[] = [];
  let skips: string[] = [];
  const flush = () => {
    if (records.length === 0) return;
    const rec = Int32Array.from(records);
    const h = Int32Array.from(hits);
    post({ t: 'files', records: rec, hits: h, large, skips }, [rec.buffer, h.buffer, ...transfer]);
    records = [];
    hits = [];
    transfer = [];
    large = [];
    skips = [];
  };
  // Positions in the ring count bytes since the start, modulo 2^32 (as the main thread's RELEASED cell does).
  let at = 0;
  for (let i = from; i < m.files.length; i++) {
    // Each file may take a whole slot: never wrap one around the ring's end.
    const pos = at % ringBytes;
    if (pos + FILE_SLOT > ringBytes) at += ringBytes - pos;
    for (;;) {
      const released = Atomics.load(control, RELEASED);
      if (((at - released) >>> 0) + FILE_SLOT <= ringBytes) break;
      flush();
      Atomics.wait(control, RELEASED, released);
    }
    const slot = at % ringBytes;
    const r = readTextFile(m.files[i]!, m.maxFileSize, m.regular[i] === 1, ring.subarray(slot, slot + FILE_SLOT));
    if ('skip' in r) {
      records.push(i, r.buf ? Kind.Binary : Kind.Skip, SKIP_CODES.indexOf(r.skip), 0, 0, at | 0);
      skips.push(r.detail);
    } else {
      ends.fill(undefined);
      matcher.locateBytes(r.buf, ends);
      const h0 = hits.length;
      packHits(ends, hits);
      if (r.buf.buffer === ring.buffer) {
        at += (r.buf.length + 7) & ~7;
        records.push(i, Kind.Text, slot, r.buf.length, h0, at | 0);
      } else {
        // A file larger than a slot was read into a buffer of its own: it goes along with the answer.
        const own = (r.buf.byteOffset === 0 && r.buf.buffer.byteLength === r.buf.length ? r.buf.buffer : r.buf.buffer.slice(r.buf.byteOffset, r.buf.byteOffset + r.buf.length)) as ArrayBuffer;
        large.push(own);
        transfer.push(own);
        records.push(i, Kind.Large, 0, r.buf.length, h0, at | 0);
      }
    }
    if (records.length >= BATCH * RECORD || Atomics.load(control, HUNGRY) === 1) flush();
  }
  flush();
  post({ t: 'done' });
}
