import type { ByteRing } from './byte-ring.js';
import { bodyBytes } from './cat-file.js';

/**
 * `git cat-file --batch` answers in a ByteRing with each body kept whole where it fits: a body that would run over
 * the ring's end starts at its beginning instead, and the bytes skipped there (the pad) carry nothing. The reader
 * (ThreadedBlobReader) then hands every body of up to the ring's size out in place, where a wrapped one had to be
 * copied: ~105 of the large history corpus's 540 MB, each copied twice (put together, then into the keyword
 * scanner's memory). Writer and reader work out each pad alike, from the header and where the body would start.
 */

/** The pad before a body of `bodyBytes` (its trailing LF included) that would start at ring position `at`. */
export function padBefore(at: number, bodyBytes: number, ringSize: number): number {
  return at > 0 && at + bodyBytes > ringSize && bodyBytes <= ringSize ? ringSize - at : 0;
}

/** The bytes of the body (its LF included) that follow a header line, or 0 (`<oid> missing`). */
export const bodyAfter = (header: string): number => bodyBytes(header.split(' '));

const LF = 10;

/** Puts git's output into the ring answer by answer, padding before each body that would wrap (see above). */
export class AnswerWriter {
  /** The current header line's bytes so far (a header is one short line). */
  private header: number[] = [];
  /** Body bytes still to come, and the pad still to skip before them. */
  private body = 0;
  private pad = 0;

  constructor(private readonly ring: ByteRing) {}

  /** Ring room the writer waits for before it can go on: all of a pad at once, else any. */
  get needs(): number {
    return Math.max(1, this.pad);
  }

  /** Puts as much of `src` as there is room for; returns how many of its bytes that was. */
  put(src: Uint8Array): number {
    let done = 0;
    while (done < src.length) {
      if (this.pad > 0) {
        if (!this.ring.pad(this.pad)) return done;
        this.pad = 0;
      }
      if (this.body > 0) {
        const n = this.ring.put(src.subarray(done, done + Math.min(this.body, src.length - done)));
        done += n;
        this.body -= n;
        if (this.body > 0) return done;
        continue;
      }
      const lf = src.indexOf(LF, done);
      const end = lf === -1 ? src.length : lf + 1;
      const n = this.ring.put(src.subarray(done, end));
      for (let i = done; i < done + n; i++) this.header.push(src[i]!);
      done += n;
      if (done < end) return done;
      if (lf !== -1) {
        this.header.pop();
        this.body = bodyAfter(Buffer.from(this.header).toString('latin1'));
        this.header = [];
        this.pad = padBefore(this.ring.writeAt, this.body, this.ring.size);
      }
    }
    return done;
  }
}
