// Working tree: keyward scan vs ripgrep (floor) and secretlint (peer), plus 1x/2x/4x scaling.
import fs from 'node:fs';
import path from 'node:path';
import { corpus, scaledTree } from './corpora.mjs';
import { has, roundRatios, timeInterleaved, timeOnce } from './proc.mjs';
import { secretlint } from './secretlint.mjs';

/** The union of keyward's rule keywords as one ripgrep pattern with ASCII word boundaries. */
export async function rgPattern(ctx) {
  const { resolveRules } = await import(path.join(ctx.root, 'dist/engine/rule-set.js'));
  const { defaultConfig } = await import(path.join(ctx.root, 'dist/config/config.js'));
  const keywords = [...new Set(resolveRules(defaultConfig()).flatMap((r) => r.keywords))];
  const esc = (k) => k.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  return { pattern: `(?-u:\\b)(?:${keywords.map(esc).join('|')})`, count: keywords.length };
}

const scanCmd = (ctx, dir) => ({ name: 'keyward scan', cmd: process.execPath, args: [ctx.bin, 'scan', dir, '-f', 'json', '-q'], okCodes: [0, 1] });
// -uu: hidden and ignored files too, like keyward outside a repository; binary files are skipped by both.
const rgCmd = (dir, pattern) => ({ name: 'rg -j2', cmd: 'rg', args: ['-j2', '-uu', '-i', '-c', '--max-filesize', '10M', '--no-messages', pattern, dir], okCodes: [0, 1] });

export async function treeBench(ctx) {
  const tree = ctx.smoke ? ctx.smokeTree : corpus(ctx, 'tree', 'large');
  const { pattern, count } = await rgPattern(ctx);
  const out = { corpus: tree, keywords: count, bytes: dirBytes(tree) };
  if (!has('rg')) return { ...out, error: 'ripgrep (rg) is not installed' };
  ctx.log(`tree: ${(out.bytes / 1e6).toFixed(0)} MB, ${count} keywords …`);
  const t = timeInterleaved([scanCmd(ctx, tree), rgCmd(tree, pattern)], { runs: ctx.runs, warmup: 1 });
  out.keyward = t['keyward scan'].median;
  out.rg = t['rg -j2'].median;
  out.cpu = { keyward: t['keyward scan'].cpu, rg: t['rg -j2'].cpu };
  out.rounds = roundRatios(t['keyward scan'], t['rg -j2']);
  if (!ctx.smoke && !ctx.skipSecretlint) {
    const sl = secretlint(ctx);
    if (sl.error) out.secretlint = { error: sl.error };
    else {
      ctx.log(`tree: secretlint (timeout ${ctx.secretlintTimeout / 1000} s) …`);
      const r = timeOnce({ ...sl.command(tree), timeoutMs: ctx.secretlintTimeout });
      out.secretlint = { ms: r.ms, timedOut: r.timedOut === true, version: sl.version };
    }
  }
  out.scaling = [];
  for (const x of ctx.smoke ? [1, 2] : [1, 2, 4]) {
    const dir = scaledTree(ctx, tree, x);
    ctx.log(`tree: scaling ${x}x …`);
    const s = timeInterleaved([scanCmd(ctx, dir), rgCmd(dir, pattern)], { runs: 1, warmup: 0 });
    out.scaling.push({ label: `${x}x`, bytes: out.bytes * x, keyward: s['keyward scan'].median, rg: s['rg -j2'].median });
  }
  return out;
}

function dirBytes(dir) {
  let n = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) n += fs.statSync(p).size;
    }
  };
  walk(dir);
  return n;
}
