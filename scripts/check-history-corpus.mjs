#!/usr/bin/env node
// Checks `keyward history` against a corpus built by ../shared/bench/make-corpus.mjs history <dir>:
// every planted secret in ANSWERS.json must be reported once, at its introducing commit, file and line,
// with `removed` true exactly when the answer key says it was removed later.
//   node scripts/check-history-corpus.mjs /tmp/kw-corpora/hist-small [--strict] [keyward options…]
// Exit 0 when every found secret is right and every missed one is of a format that no rule covers yet
// (none of its planted values was found); with --strict, only when all are found. Exit 1 otherwise.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const corpus = process.argv[2];
if (!corpus || !fs.existsSync(path.join(corpus, 'ANSWERS.json'))) {
  console.error('usage: node scripts/check-history-corpus.mjs <corpus dir holding ANSWERS.json and repo/>');
  console.error('build one with: node ../shared/bench/make-corpus.mjs history /tmp/hist --scale small');
  process.exit(2);
}
const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'keyward.js');
const { answers } = JSON.parse(fs.readFileSync(path.join(corpus, 'ANSWERS.json'), 'utf8'));
const started = performance.now();
const strict = process.argv.includes('--strict');
const extraArgs = process.argv.slice(3).filter((a) => a !== '--strict');
const run = spawnSync(process.execPath, [bin, 'history', path.join(corpus, 'repo'), '--format', 'json', '--no-redact', ...extraArgs], { encoding: 'utf8', maxBuffer: 1 << 28 });
const ms = Math.round(performance.now() - started);
if (run.status !== 0 && run.status !== 1) {
  console.error(`keyward history exited ${run.status}:\n${run.stderr}`);
  process.exit(2);
}
const { findings } = JSON.parse(run.stdout);

const problems = [];
const missedFormats = new Map();
const foundFormats = new Set();
let ok = 0;
for (const a of answers) {
  const hits = findings.filter((f) => f.secret === a.value || f.secret.includes(a.value) || a.value.includes(f.secret));
  const where = `${a.id} ${a.format} ${a.file}:${a.line} @ ${a.commit.slice(0, 12)}`;
  if (hits.length === 0) {
    problems.push(`MISSED  ${where}`);
    missedFormats.set(a.format, (missedFormats.get(a.format) ?? 0) + 1);
    continue;
  }
  foundFormats.add(a.format);
  const rules = new Set(hits.map((h) => h.ruleId));
  if (hits.length > rules.size) problems.push(`TWICE   ${where}: reported ${hits.length} times`);
  const f = hits[0];
  const wrong = [];
  if (f.commit !== a.commit) wrong.push(`commit ${f.commit?.slice(0, 12)}`);
  if (f.file !== a.file) wrong.push(`file ${f.file}`);
  if (f.line !== a.line) wrong.push(`line ${f.line}`);
  if (f.removed !== (a.removedIn !== null)) wrong.push(`removed ${f.removed}`);
  if (wrong.length) problems.push(`WRONG   ${where}: got ${wrong.join(', ')}`);
  else ok++;
}
const planted = new Set(answers.map((a) => a.value));
const extra = findings.filter((f) => ![...planted].some((v) => v === f.secret || v.includes(f.secret) || f.secret.includes(v)));

const uncovered = [...missedFormats.keys()].filter((f) => !foundFormats.has(f));
const partly = [...missedFormats.keys()].filter((f) => foundFormats.has(f));
const wrong = problems.filter((p) => !p.startsWith('MISSED')).length;

console.log(problems.join('\n'));
console.log(`\n${ok}/${answers.length} planted secrets found at the right commit, file, line and removed flag (${ms} ms)`);
if (uncovered.length) console.log(`formats no rule covers yet (none of their planted values found): ${uncovered.map((f) => `${f} ×${missedFormats.get(f)}`).join(', ')}`);
if (partly.length) console.log(`formats found only in part (a real miss): ${partly.map((f) => `${f} ×${missedFormats.get(f)}`).join(', ')}`);
console.log(`${answers.filter((a) => a.removedIn).length} of the planted secrets were removed later; ${extra.length} other findings (not planted)`);
for (const f of extra.slice(0, 20)) console.log(`  other: ${f.ruleId} ${f.file}:${f.line} @ ${f.commit?.slice(0, 12)}`);
const pass = strict ? ok === answers.length : wrong === 0 && partly.length === 0;
console.log(pass ? 'PASS' : 'FAIL');
process.exit(pass ? 0 : 1);
