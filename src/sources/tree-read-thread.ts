/**
 * Worker thread entry for TreeReadThread (threaded-tree-reader.ts): reads the listed files of a working-tree scan
 * in report order into a shared ring, finds their keywords there with a keyword scanner of its own, and tells the
 * main thread where each file's bytes and keywords are and whether they are ASCII or UTF-8. The main thread then
 * spends its time on what needs the rules: the windows around the keywords and their regexes. Reading and the
 * keyword pass (~0.35 s of the tree corpus) are system calls and WebAssembly: a second thread runs them without
 * compiling much of its own. While it is well ahead, the thread also chooses the windows (window-plan.ts).
 */
import { parentPort } from 'node:worker_threads';
import { KeywordMatcher } from '../detect/aho-corasick.js';
import { isAscii, isUtf8 } from 'node:buffer';
import { WindowPlanner } from '../detect/window-plan.js';
import { ownMemory } from '../engine/worker-protocol.js';
import { hasUtf8Bom, isUtf16, readTextFile } from './read-text.js';
import { ASCII, UTF8, FILE_SLOT, HUNGRY, Kind, NEXT, POSTED, RECORD, RELEASED, SKIP_CODES, TAKEN_OVER, packHits, type TreeReadAnswer, type TreeReadRequest } from './tree-read-protocol.js';

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
        const planner = new WindowPlanner(p.rules, p.keywords.length, p.wholeText);
        read(r, from, { matcher, planner, planAhead: p.planAhead, settle: p.settle, ring: Buffer.from(place.buffer, place.offset, p.ringBytes), control, post });
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
  planner: WindowPlanner;
  planAhead: number;
  /** A file whose windows the thread chose and found none of comes back clean (see TreeReadRequest). */
  settle: boolean;
  /** The shared ring, in the matcher's own memory: files read there are scanned in place. */
  ring: Buffer;
  control: Int32Array;
  post: Post;
}

function read(m: Read, from: number, { matcher, planner, planAhead, settle, ring, control, post }: Reader): void {
  const ringBytes = ring.length;
  const ends: (number[] | undefined)[] = new Array(matcher.keywords.length);
  let records: number[] = [];
  let hits: number[] = [];
  let windows: number[] = [];
  let transfer: ArrayBuffer[] = [];
  let large: ArrayBuffer[] = [];
  let skips: string[] = [];
  const flush = () => {
    if (records.length === 0) return;
    const rec = Int32Array.from(records);
    const h = Int32Array.from(hits);
    const w = Int32Array.from(windows);
    post({ t: 'files', records: rec, hits: h, windows: w, large, skips }, [rec.buffer, h.buffer, w.buffer, ...transfer]);
    records = [];
    hits = [];
    windows = [];
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
      records.push(i, r.buf ? Kind.Binary : Kind.Skip, SKIP_CODES.indexOf(r.skip), 0, 0, 0, 0, at | 0);
      skips.push(r.detail);
    } else {
      const bytes = r.buf;
      const found = matcher.locateBytes(bytes, ends.fill(undefined)) > 0;
      // No keyword, so no rule can match (a UTF-16 text's keywords are looked for in its decoded text: its bytes
      // tell nothing), or, when settling, keywords without a window to search: only the size goes back.
      let clean = !found && !isUtf16(bytes);
      const ascii = !clean && isAscii(bytes);
      const utf8 = ascii || (!clean && !hasUtf8Bom(bytes) && isUtf8(bytes));
      let w0 = windows.length;
      // The windows are chosen here only while this thread is well ahead of the main thread (else the main thread,
      // which would wait, chooses them itself): work that would otherwise wait for room in the ring.
      if (found && utf8 && ((at - Atomics.load(control, RELEASED)) >>> 0) >= planAhead) {
        if (planner.plan(bytes, ends, windows) === 0 && settle && !planner.runsWhole(ends)) clean = true;
      } else if (found && utf8) w0 = -1;
      else if (!clean) windows.push(0);
      // Bytes read into the ring take their room until the main thread is past them; a clean file's too: giving its
      // room back at once made the thread choose windows more often and the scan ~7 ms slower (eight pairs).
      const inRing = bytes.buffer === ring.buffer;
      if (inRing) at += (bytes.length + 7) & ~7;
      if (clean) {
        windows.length = w0;
        records.push(i, Kind.Clean, 0, bytes.length, 0, 0, 0, at | 0);
      } else {
        const h0 = hits.length;
        packHits(ends, hits);
        const flags = (ascii ? ASCII : 0) | (utf8 ? UTF8 : 0);
        if (inRing) {
          records.push(i, Kind.Text, slot, bytes.length, h0, w0, flags, at | 0);
        } else {
          // A file larger than a slot was read into a buffer of its own: it goes along with the answer.
          const own = ownMemory(bytes).buffer as ArrayBuffer;
          large.push(own);
          transfer.push(own);
          records.push(i, Kind.Large, 0, bytes.length, h0, w0, flags, at | 0);
        }
      }
    }
    if (records.length >= BATCH * RECORD || Atomics.load(control, HUNGRY) === 1) flush();
  }
  flush();
  post({ t: 'done' });
}
