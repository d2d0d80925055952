// Running commands and measuring them: wall time, interleaved runs, percentiles, peak RSS.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RSS_PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rss-preload.cjs');

// GNU time reports the CPU time (user + sys) of a command and its children: far less sensitive to
// other load on the machine than wall time, so it is reported beside the wall-time ratios.
const GNU_TIME = '/usr/bin/time';
const hasGnuTime = fs.existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%U', 'true'], { stdio: 'ignore' }).status === 0;

/**
 * Runs a command once; returns wall (and, with GNU time, CPU) milliseconds and the exit status. Output goes
 * to /dev/null. `wallOnly`: no GNU time wrapper (start-up latencies, where its own fork would count).
 */
export function timeOnce({ cmd, args, cwd, env, okCodes = [0], timeoutMs, wallOnly = false }) {
  const cpuFile = hasGnuTime && !timeoutMs && !wallOnly ? path.join(os.tmpdir(), `keyward-bench-cpu-${process.pid}`) : undefined;
  const [c, a] = cpuFile ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, cmd, ...args]] : [cmd, args];
  const start = performance.now();
  const r = spawnSync(c, a, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], timeout: timeoutMs, maxBuffer: 64 << 20 });
  const ms = performance.now() - start;
  if (r.error && r.error.code === 'ETIMEDOUT') return { ms, timedOut: true };
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (!okCodes.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  let cpu;
  if (cpuFile) {
    const [user, sys] = fs.readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
    cpu = (user + sys) * 1000;
  }
  return { ms, cpu, status: r.status };
}

/**
 * Times several commands `runs` times each, interleaved (A B C A B C …) so that load from other
 * processes on the machine hits all of them alike. Returns {name: {median, p95, min, samples}}.
 */
export function timeInterleaved(commands, { runs = 3, warmup = 1 } = {}) {
  const samples = Object.fromEntries(commands.map((c) => [c.name, []]));
  const cpu = Object.fromEntries(commands.map((c) => [c.name, []]));
  for (let i = 0; i < warmup + runs; i++)
    for (const c of commands) {
      const r = timeOnce(c);
      if (i < warmup) continue;
      samples[c.name].push(r.ms);
      if (r.cpu !== undefined) cpu[c.name].push(r.cpu);
    }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { ...summarize(v), cpu: cpu[k].length ? summarize(cpu[k]).median : undefined }]));
}

/**
 * Each round's ratio of `a`'s time to `b`'s (the samples of one timeInterleaved call, in run order: round i of
 * both ran back to back), sorted. Their spread shows how far load on the machine moved a ratio within one run.
 */
export function roundRatios(a, b) {
  return a.samples.map((ms, i) => ms / b.samples[i]).sort((x, y) => x - y);
}

export function summarize(values) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: median(s), p95: q(0.95), min: s[0], samples: values };
}

function median(sorted) {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** Peak RSS (MB) of a Node program, read from the child's own resource usage when it exits. */
export function nodePeakRss({ args, cwd, env, okCodes = [0] }) {
  const out = path.join(os.tmpdir(), `keyward-bench-rss-${process.pid}-${Date.now()}`);
  const r = timeOnce({ cmd: process.execPath, args: ['-r', RSS_PRELOAD, ...args], cwd, env: { ...env, KEYWARD_BENCH_RSS_FILE: out }, okCodes });
  const kb = Number(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  return { mb: kb / 1024, ms: r.ms };
}

/** Output of a command (utf8), or undefined when it cannot run. */
export function capture(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  return r.status === 0 ? r.stdout : undefined;
}

export function has(cmd) {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
}
