import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { restoreHeapCaps } from './heap.js';

type Worker = import('node:worker_threads').Worker;

/** A reader thread's entry next to `from` (a module's import.meta.url), when this machine has a second core for it and the build has it. */
export function threadEntry(name: string, from: string): URL | undefined {
  return os.availableParallelism() < 2 ? undefined : threadFile(name, from);
}

/**
 * A thread's entry `name` (an ES module next to `from`), or the CommonJS bundle of it the build writes beside it
 * (`.cjs`), when there is one: a thread then loads one module without node's ES module loader (~15 ms less).
 * Undefined when neither is there.
 */
export function threadFile(name: string, from: string): URL | undefined {
  return [new URL(name.replace(/\.js$/, '.cjs'), from), new URL(name, from)].find((u) => fs.existsSync(fileURLToPath(u)));
}

/** Threads started ahead of their users, one per entry. */
const waiting = new Map<string, Worker>();

/**
 * Starts a thread for `entry` now, before its user needs it: a thread takes ~40 ms to boot (more beside a busy
 * main thread), which then overlaps the main thread's own start. The next `takeThread` with the same entry takes
 * it; until then it does not keep the process alive. Returns the thread's id.
 */
export function startThreadEarly(entry: URL): number {
  let worker = waiting.get(entry.href);
  if (!worker) {
    const started = newThread(entry);
    started.unref();
    // A thread that fails before its user takes it is dropped: the user then starts one of its own, whose
    // failure it reports (it would wait forever for the 'exit' of a thread that is already gone).
    const drop = () => void (waiting.get(entry.href) === started && waiting.delete(entry.href));
    started.once('error', drop).once('exit', drop);
    waiting.set(entry.href, started);
    worker = started;
  }
  return worker.threadId;
}

/** The thread startThreadEarly left waiting for this entry, now kept alive by its user, else a new one. */
export function takeThread(entry: URL): Worker {
  const worker = waiting.get(entry.href);
  if (!worker) return newThread(entry);
  waiting.delete(entry.href);
  worker.ref();
  return worker;
}

/** A reader thread for `entry`, started now. */
export function newThread(entry: URL): Worker {
  // Required, not imported: the pre-commit hook's bundle never starts a thread and should not load worker_threads.
  const threads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  // A reader thread's garbage is small and short-lived.
  const worker = new threads.Worker(entry, { resourceLimits: { maxYoungGenerationSizeMb: 1 } });
  worker.once('online', restoreHeapCaps);
  return worker;
}
