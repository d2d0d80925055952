/**
 * Worker thread entry for ThreadedBlobReader: runs `git cat-file --batch` and copies its output into a shared
 * ring as it arrives (each answer's body unwrapped where it fits, unwrapped-answers.ts), so git keeps
 * decompressing while the main thread spends seconds at a time detecting (a pipe that nobody drains stops git
 * after 64 KB). The main thread parses the answers in the ring itself; no
 * buffer crosses threads. When the ring is full, this thread stops reading and git waits.
 */
import { parentPort } from 'node:worker_threads';
import { ByteRing } from './byte-ring.js';
import { spawnGit } from './stream.js';
import { AnswerWriter } from './unwrapped-answers.js';
import type { ReaderAnswer, ReaderRequest } from './threaded-blob-reader.js';

const port = parentPort!;
// The thread may start before the scan knows its repository: the first message names it and the ring.
port.once('message', (m: ReaderRequest) => {
  if (m.t === 'start') run(m.repo, ByteRing.attach(m.ring));
});

/** Runs git cat-file for `repo`, copying its answers into `ring` and the main thread's requests into git. */
function run(repo: string, ring: ByteRing): void {
  const git = spawnGit(repo, ['cat-file', '--batch']);
  const out = git.proc.stdout;

  port.on('message', (m: ReaderRequest) => {
    if (m.t === 'request') git.proc.stdin.write(m.oids);
    else if (m.t === 'close') {
      // Asked to stop (all answers read, or the scan failed): git may still be writing into a full ring.
      git.stop();
      ring.end();
      process.exit(0);
    }
  });

  const writer = new AnswerWriter(ring);
  out.on('data', (chunk: Buffer) => {
    const n = writer.put(chunk);
    if (n < chunk.length) {
      out.pause();
      void fill(chunk.subarray(n)).then(() => out.resume());
    }
  });

  /** Waits for the main thread to free space until all of `rest` is in the ring. */
  async function fill(rest: Uint8Array): Promise<void> {
    while (rest.length) {
      await ring.roomFreed(writer.needs);
      rest = rest.subarray(writer.put(rest));
    }
  }

  const ended = new Promise<void>((resolve) => out.once('end', resolve));
  git.done
    .then(
      () => ended.then(() => port.postMessage({ t: 'done' } satisfies ReaderAnswer)),
      (e: Error & { hint?: string }) => port.postMessage({ t: 'error', message: e.message, hint: e.hint } satisfies ReaderAnswer),
    )
    .finally(() => {
      ring.end();
      port.close();
    });
}
