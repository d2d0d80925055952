#!/usr/bin/env node
// Peak memory of `keyward history` against the number of commits (issue 9: bounded memory for big histories).
//
//   npm run bench:memory                      # 25k, 50k, 100k commits
//   node scripts/bench-history-memory.mjs 1000 10000
//
// Each repository is generated in seconds with `git fast-import`: a linear history where every commit edits
// one of 200 small files (so every commit brings a new blob, as real histories do), with a fake key planted
// in the first commit. keyward's peak RSS is read from `/usr/bin/time -v` ("Maximum resident set size");
// on Debian, `apt-get install time` provides it. Needs `npm run build` first.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'keyward.js');
const TIME = '/usr/bin/time';
const FILES = 200;
const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (!counts.length) counts.push(25_000, 50_000, 100_000);
if (!fs.existsSync(TIME)) {
  console.error(`${TIME} not found: install GNU time (apt-get install time)`);
  process.exit(2);
}

/** The fast-import stream of `n` commits on refs/heads/main. */
function* stream(n, variants) {
  // Built at run time so that this script itself holds no key-shaped literal.
  const key = 'gh' + 'p_' + 'Zq8rT2vWx4Ly6Nb0Mc3Kd5Jf7Hg9Sa1Pe2Ri4Uo6';
  for (let i = 1; i <= n; i++) {
    const file = `src/f${i % FILES}.txt`;
    const body = i === 1 ? `token = ${key}\n` : `line ${variants ? i % variants : i}\n`;
    const msg = `commit ${i}\n`;
    yield `commit refs/heads/main\nmark :${i}\ncommitter Bench <bench@example.invalid> ${1_600_000_000 + i} +0000\n` +
      `data ${Buffer.byteLength(msg)}\n${msg}${i > 1 ? `from :${i - 1}\n` : ''}` +
      `M 644 inline ${file}\ndata ${Buffer.byteLength(body)}\n${body}\n`;
  }
}

function makeRepo(n, variants) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `keyward-bench-${n}-`));
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  let text = '';
  for (const part of stream(n, variants)) text += part;
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: text, maxBuffer: 1 << 30 });
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir });
  return dir;
}

/** Peak RSS (MB) and wall time of a command, from GNU time; `stdout` is the command's output. */
function measure(cmd, args, cwd, env = process.env) {
  const r = spawnSync(TIME, ['-v', cmd, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.+)/.exec(r.stderr)?.[1]?.trim();
  return { mb: Math.round(kb / 1024), wall, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// One repository of the largest size; smaller histories are its first commits (`--branch main~K`), so that
// only the number of commits varies. Two histories: every commit adds a new blob (memory may grow with the
// distinct blobs keyward has seen), and commits cycle through 1,000 contents (per-commit cost alone).
// GNU time reports the largest process of the tree (node or a git child); node's own peak comes from
// process.resourceUsage() in a preload that prints it on exit.
const largest = Math.max(...counts);
const rows = [];
for (const [kind, variants] of [['new blob per commit', 0], ['1,000 recurring blobs', 1000]]) {
  const t0 = Date.now();
  const dir = makeRepo(largest, variants);
  console.error(`built a ${largest}-commit repository (${kind}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const preload = path.join(dir, '.git', 'keyward-bench-rss.cjs');
  fs.writeFileSync(preload, "process.on('exit', () => process.stderr.write(`node-max-rss-kb ${process.resourceUsage().maxRSS}\\n`));\n");
  for (const n of [...counts].sort((a, b) => a - b)) {
    const rev = n === largest ? 'main' : `main~${largest - n}`;
    const env = { ...process.env, NODE_OPTIONS: `--require ${preload}` };
    const k = measure(process.execPath, [BIN, 'history', '--branch', rev, '--format', 'json', '--quiet', '.'], dir, env);
    const nodeMb = Math.round(Number(/node-max-rss-kb (\d+)/.exec(k.stderr)?.[1]) / 1024);
    let report;
    try {
      report = JSON.parse(k.stdout);
    } catch {
      console.error(`keyward history failed on ${n} commits (exit ${k.status}):\n${k.stderr}`);
      process.exit(2);
    }
    if (k.status !== 1 || report.stats.commits !== n || report.findings.length !== 1) {
      console.error(`unexpected result on ${n} commits: exit ${k.status}, ${report.stats.commits} commits, ${report.findings.length} findings`);
      process.exit(2);
    }
    rows.push({ history: kind, commits: n, blobs: report.stats.files, 'keyward (node) peak RSS MB': nodeMb, 'largest process MB': k.mb, 'scan time': k.wall });
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
console.table(rows);
