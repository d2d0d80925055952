// History: keyward history vs the git floors (every unique blob once; the full patch log), peak RSS,
// and 1x/2x/4x history prefixes (the same repository cut at 1/4, 1/2 and all of its commits).
import { spawnSync } from 'node:child_process';
import { blobBytes, corpus, historyPrefixes } from './corpora.mjs';
import { nodePeakRss, roundRatios, timeInterleaved } from './proc.mjs';

/** True when `keyward --help` lists the command (other helpers' commands land on main during the project). */
export function hasCommand(ctx, name) {
  const help = spawnSync(process.execPath, [ctx.bin, '--help'], { encoding: 'utf8' }).stdout ?? '';
  return new RegExp(`^\\s+${name}\\b`, 'm').test(help);
}

const historyArgs = (ctx, repo) => [ctx.bin, 'history', repo, '-f', 'json', '-q'];
const commands = (ctx, repo) => [
  { name: 'keyward history', cmd: process.execPath, args: historyArgs(ctx, repo), cwd: repo, okCodes: [0, 1] },
  { name: 'cat-file', cmd: 'git', args: ['cat-file', '--batch-all-objects', '--batch'], cwd: repo },
  { name: 'log -p', cmd: 'git', args: ['log', '-p', '--all'], cwd: repo },
];

export function historyBench(ctx) {
  if (!hasCommand(ctx, 'history')) return { error: '`keyward history` is not available in this build (not merged yet)' };
  const repo = ctx.smoke ? ctx.smokeRepo : corpus(ctx, 'history', 'large');
  ctx.log('history: keyward vs git floors …');
  const t = timeInterleaved(commands(ctx, repo), { runs: ctx.runs, warmup: 1 });
  const out = { corpus: repo, bytes: blobBytes(repo), keyward: t['keyward history'].median, catFile: t['cat-file'].median, logP: t['log -p'].median };
  out.cpu = { keyward: t['keyward history'].cpu, catFile: t['cat-file'].cpu, logP: t['log -p'].cpu };
  out.rounds = roundRatios(t['keyward history'], t['cat-file']);
  out.rssMb = nodePeakRss({ args: historyArgs(ctx, repo), cwd: repo, okCodes: [0, 1] }).mb;
  out.scaling = historyPrefixes(ctx, repo, ctx.smoke ? 'smoke-hist' : 'hist-large').map(({ label, repo: r, commits }) => {
    ctx.log(`history: scaling ${label} (${commits} commits) …`);
    const s = timeInterleaved(commands(ctx, r).slice(0, 2), { runs: 1, warmup: 0 });
    const rss = nodePeakRss({ args: historyArgs(ctx, r), cwd: r, okCodes: [0, 1] }).mb;
    return { label, commits, bytes: blobBytes(r), keyward: s['keyward history'].median, catFile: s['cat-file'].median, rssMb: rss };
  });
  return out;
}
