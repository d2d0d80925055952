/** Entry of a detection worker thread (see worker-pool.ts): builds the detector from the specs it is given, then detects batches. */
import { parentPort, workerData } from 'node:worker_threads';
import { createDetector } from '../detect/detector.js';
import { READ_BUFFER, readListedFile } from '../sources/listed-file.js';
import { compileRule } from './compile-rule.js';
import { rememberFacts, type BuiltFacts } from './line-local.js';
import type { RuleSpec } from './rule-types.js';
import { fromWireFragment, toWireResult, type BatchRequest, type FileResult, type FilesRequest, type WorkerMessage } from './worker-protocol.js';

const { specs, facts, failForTest, started, dropped } = workerData as { specs: RuleSpec[]; facts: BuiltFacts; failForTest?: boolean; started: Int32Array; dropped: boolean };
rememberFacts(specs, facts);
const detector = createDetector(specs.map(compileRule));
const ruleIndex = new Map(detector.rules.map((r, i) => [r, i]));
const readsBinary = (p: string) => detector.readsBinary(p);
/** Files that fit are read into the keyword scanner's memory, as on the main thread (see WorkingTreeSource's readBuffer). */
let into: Buffer | undefined;
const port = parentPort!;

port.on('message', (msg: BatchRequest | FilesRequest) => {
  // Test hook (KEYWARD_TEST_WORKER_FAIL): an exception here must end the scan with exit 2, never a clean report.
  if (failForTest) throw new Error('detection failed in a worker (KEYWARD_TEST_WORKER_FAIL is set)');
  const reply: WorkerMessage = 'files' in msg ? { id: msg.id, files: msg.files.map((f) => readAndDetect(f, msg.maxFileSize)) } : { id: msg.id, results: msg.fragments.map((w) => toWireResult(detector.detect(fromWireFragment(w)), ruleIndex, dropped)) };
  port.postMessage(reply);
});
Atomics.add(started, 0, 1);

/** A working-tree file read here, as the main thread would read it (`readListedFile`), then detected. */
function readAndDetect(file: FilesRequest['files'][number], maxFileSize: number): FileResult {
  into ??= detector.readBuffer(READ_BUFFER) ?? Buffer.allocUnsafe(READ_BUFFER);
  const outcome = readListedFile(file, { maxFileSize, readsBinary, into });
  if (!('fragment' in outcome)) return { outcome };
  const result = toWireResult(detector.detect(outcome.fragment), ruleIndex, dropped);
  return { outcome: { bytes: outcome.bytes }, result };
}
