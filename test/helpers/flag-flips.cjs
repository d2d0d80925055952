// Flips V8 flags back and forth on the main thread while optimising compiles run for it and for a worker thread, as
// a scan sets and resets its flags while its reader thread runs: `node flag-flips.cjs <seconds> <flags> <flags>…`.
// Exits 0 after <seconds>; a flag that V8 cannot take while it compiles crashes the process (SIGTRAP).
'use strict';
const v8 = require('node:v8');
const { Worker, isMainThread, workerData } = require('node:worker_threads');

/**
 * Builds fresh functions (new source, so new compiles) with callees of many sizes, below and above any inlining
 * limit, and runs them until V8 optimises them.
 */
function churn(seed) {
  let body = '';
  for (let i = 0; i < 12; i++) body += `function f${i}(a) { let s = 0; ${`s += (a * ${i}) % 7; if (s > 3) s -= a & 3; `.repeat(3 + i * 4)}return s; }\n`;
  const calls = Array.from({ length: 12 }, (_, i) => `t += f${i}(i + ${seed});`).join(' ');
  body += `return function main(n) { let t = 0; for (let i = 0; i < n; i++) { ${calls} } return t; };`;
  return new Function(body)()(3000);
}

const seconds = Number(isMainThread ? process.argv[2] : workerData.seconds);
const end = Date.now() + seconds * 1000;
let n = 0;
if (isMainThread) {
  const sets = process.argv.slice(3);
  const worker = new Worker(__filename, { workerData: { seconds } });
  while (Date.now() < end) {
    v8.setFlagsFromString(sets[n % sets.length]);
    churn(n++);
  }
  void worker.terminate();
} else {
  while (Date.now() < end) churn(1e6 + n++);
}
