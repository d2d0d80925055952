#!/usr/bin/env node
// keyward's benchmark: `npm run bench` (full, minutes) or `npm run bench -- --smoke` (seconds, for CI).
// Builds or reuses the corpora in $KEYWARD_BENCH_DIR (default .bench/), measures keyward and the floors
// in the same run, and prints each ratio beside its target. Options:
//   --smoke                 tiny inputs, no network, no secretlint
//   --only engine,tree,history,hook
//   --runs N                timed runs per command (default 5; medians are reported)
//   --no-secretlint         skip the secretlint run
//   --secretlint-timeout S  give up on secretlint after S seconds (default 300; reported as a lower bound)
//   --keep-env              time every command with NODE_EXTRA_CA_CERTS as this shell has it (see below)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyBench } from './lib/history.mjs';
import { engineBench } from './lib/engine.mjs';
import { hookBench } from './lib/hook.mjs';
import { markdown, text } from './lib/report.mjs';
import { smokeInputs } from './lib/smoke.mjs';
import { corpus } from './lib/corpora.mjs';
import { treeBench } from './lib/tree.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);

const ctx = {
  root,
  bin: path.join(root, 'bin', 'keyward.js'),
  cache: path.resolve(process.env.KEYWARD_BENCH_DIR ?? path.join(root, '.bench')),
  makeCorpus: process.env.KEYWARD_MAKE_CORPUS ?? path.resolve(root, '..', 'shared', 'bench', 'make-corpus.mjs'),
  smoke: flag('--smoke'),
  runs: Number(value('--runs', flag('--smoke') ? 1 : 5)),
  skipSecretlint: flag('--no-secretlint'),
  secretlintTimeout: Number(value('--secretlint-timeout', 300)) * 1000,
  log: (m) => process.stderr.write(`bench: ${m}\n`),
};
const only = new Set(value('--only', 'engine,tree,history,hook').split(','));

// NODE_EXTRA_CA_CERTS makes node read and parse that file of certificates at every start, before it runs any
// code: with a system bundle (144 certificates on the machine of the README's figures) `node -e 0` takes ~120 ms
// instead of ~45. Few machines set it; it would hide what keyward itself costs on top of node (and add the same to
// every floor that is node). So every command is timed without it, unless --keep-env; the hook section also
// times node and the hook with it, as a diagnostic.
const STARTUP_ENV = ['NODE_EXTRA_CA_CERTS'];
ctx.startupEnv = {};
if (!flag('--keep-env'))
  for (const name of STARTUP_ENV)
    if (process.env[name] !== undefined) {
      ctx.startupEnv[name] = process.env[name];
      delete process.env[name];
    }

if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
  console.error('bench: keyward is not built; run `npm run build` first');
  process.exit(2);
}
fs.mkdirSync(ctx.cache, { recursive: true });
if (ctx.smoke) Object.assign(ctx, (({ tree, repo }) => ({ smokeTree: tree, smokeRepo: repo }))(smokeInputs(ctx)));

const results = { date: new Date().toISOString(), machine: machine(), smoke: ctx.smoke, runs: ctx.runs, timedWithout: Object.keys(ctx.startupEnv) };
const at = (r) => ({ ...r, date: results.date, runs: ctx.runs });
if (only.has('engine')) results.engine = at(await engineBench(ctx));
if (only.has('tree')) results.tree = at(await treeBench(ctx));
if (only.has('history')) results.history = at(historyBench(ctx));
if (only.has('hook')) results.hook = at(hookBench(ctx, ctx.smoke ? ctx.smokeTree : corpus(ctx, 'tree', 'large')));

const removed = Object.keys(ctx.startupEnv);
const header = `keyward benchmark, ${results.date.slice(0, 16).replace('T', ' ')} UTC — ${results.machine}\n` +
  `medians of ${ctx.runs} interleaved run(s) per command (hook: 40); ratios are measured in the same run\n` +
  (removed.length ? `timed without ${removed.join(', ')} (set in this shell; --keep-env keeps it)\n` : '');
console.log(`\n${header}\n${text(results)}`);
// results.json keeps the latest run of each section (`--only` runs update theirs); results.md shows them all.
const file = path.join(ctx.cache, ctx.smoke ? 'results-smoke.json' : 'results.json');
const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
const merged = { ...previous, ...results };
fs.writeFileSync(file, JSON.stringify(merged, null, 2));
const dates = [...new Set(['engine', 'tree', 'history', 'hook'].map((k) => merged[k]?.date?.slice(0, 16)).filter(Boolean))].join(', ');
const without = merged.timedWithout?.length ? `; timed without ${merged.timedWithout.join(', ')}` : '';
fs.writeFileSync(file.replace(/\.json$/, '.md'), `${merged.machine}; sections run ${dates} UTC${without}\n\n${markdown(merged)}\n`);

function machine() {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${cpu}, ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, ${os.type()} ${os.release()}`;
}
