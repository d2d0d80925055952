#!/usr/bin/env node
// Scores keyward's detection on the labelled corpora in ../shared/corpora (written by other tools' authors):
// precision, recall and F1 per corpus. Usage: npm run bench:detect [-- --verbose] [-- --corpora gitleaks]
// Set KEYWARD_CORPORA to the corpora folder if it is not ../shared/corpora next to this checkout.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPORA_DIR = path.resolve(process.env.KEYWARD_CORPORA ?? path.join(ROOT, '..', 'shared', 'corpora'));
const SCORER = path.join(CORPORA_DIR, 'score.mjs');
const DEFAULT_CORPORA = ['secretlint', 'gitleaks', 'detect-secrets'];

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const pick = args.indexOf('--corpora');
const corpora = pick >= 0 ? args[pick + 1].split(',') : DEFAULT_CORPORA;

if (!fs.existsSync(SCORER)) {
  console.error(`bench:detect: scorer not found at ${SCORER}\nhint: set KEYWARD_CORPORA to the folder holding score.mjs`);
  process.exit(2);
}
const bin = path.join(ROOT, 'bin', 'keyward.js');
const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} scan . --format json`;
const out = execFileSync(process.execPath, [SCORER, 'run', '--cmd', cmd, '--corpora', corpora.join(','), '--json', ...(verbose ? ['--verbose'] : [])], {
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
const results = JSON.parse(out);

const pct = (x) => (x === null || x === undefined ? '   -' : (100 * x).toFixed(1).padStart(5));
const rows = [['corpus', 'TP', 'FP', 'FN', 'precision', 'recall', 'F1', 'macro recall']];
for (const r of results) rows.push([r.corpus, String(r.tp), String(r.fp), String(r.fn), pct(r.precision), pct(r.recall), pct(r.f1), r.macroRecall == null ? '-' : pct(r.macroRecall)]);
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
for (const row of rows) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
if (verbose)
  for (const r of results) {
    for (const fn of r.falseNegatives ?? []) console.log(`${r.corpus} FN ${typeof fn === 'string' ? fn : JSON.stringify(fn)}`);
    for (const fp of r.falsePositives ?? []) console.log(`${r.corpus} FP ${JSON.stringify(fp)}`);
  }
