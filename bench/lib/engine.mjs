// In-process measurements of the engine's levers on the tree corpus, each against what it replaced,
// alternated round by round so that machine load hits both sides alike. Reported as speed-ups.
import fs from 'node:fs';
import path from 'node:path';
import { corpus, listFiles } from './corpora.mjs';

export async function engineBench(ctx) {
  const d = (m) => import(path.join(ctx.root, 'dist', m));
  const [{ resolveRules }, { defaultConfig }, { buildPrefilter, naivePrefilter }, { loadRulesDir, builtinRulesDir }, { readBundle }, { readTextFile }, { mapBounded }, { KeywordMatcher }] = await Promise.all([
    d('engine/rule-set.js'), d('config/config.js'), d('detect/prefilter.js'), d('engine/load-rules.js'), d('engine/rule-bundle.js'), d('sources/read-text.js'), d('sources/concurrency.js'), d('detect/aho-corasick.js'),
  ]);
  const tree = ctx.smoke ? ctx.smokeTree : corpus(ctx, 'tree', 'large');
  const files = listFiles(tree);
  const bufs = files.map((f) => fs.readFileSync(f)).filter((b) => b.length <= 10 << 20 && !b.subarray(0, 8000).includes(0));
  const bytes = bufs.reduce((a, b) => a + b.length, 0);
  const rules = resolveRules(defaultConfig());
  const fast = buildPrefilter(rules);
  const naive = naivePrefilter(rules);
  const texts = bufs.map((b) => b.toString('utf8'));
  const keywords = [...new Set(rules.flatMap((r) => r.keywords))];
  const wasm = new KeywordMatcher(keywords);
  const js = new KeywordMatcher(keywords, { wasm: false });
  const locateAll = (m) => bufs.forEach((b) => m.locateBytes(b, new Array(keywords.length)));
  ctx.log(`engine: levers on ${(bytes / 1e6).toFixed(0)} MB in memory …`);
  const pairs = {
    'prefilter: Aho-Corasick on text vs lower-case + includes per keyword': [() => texts.forEach((t) => fast.candidates(t)), () => texts.forEach((t) => naive.candidates(t))],
    'prefilter: Aho-Corasick on UTF-8 bytes vs on decoded text (decode included)': [() => bufs.forEach((b) => fast.candidatesInBytes(b)), () => bufs.forEach((b) => fast.candidates(b.toString('utf8')))],
    'prefilter: byte loop in WebAssembly (4 streams) vs in JavaScript': [() => locateAll(wasm), () => locateAll(js)],
    'decode: latin1 vs utf8 for ASCII files': [() => bufs.forEach((b) => b.toString('latin1')), () => bufs.forEach((b) => b.toString('utf8'))],
    'reads: synchronous vs promises with 32 in flight (page cache)': [() => files.forEach((f) => readTextFile(f, 10 << 20)), () => drain(mapBounded(files, 32, promiseRead))],
    'rules: JSON bundle vs parsing rules/*.yaml': [() => readBundle(builtinRulesDir()), () => loadRulesDir(builtinRulesDir())],
  };
  const out = { bytes, levers: {} };
  for (const [name, [neu, old]] of Object.entries(pairs)) {
    const t = { neu: [], old: [] };
    // Round 0 warms both sides up (JIT, page cache) and is not counted.
    for (let r = 0; r <= (ctx.smoke ? 1 : 3); r++) {
      const o = await clock(old);
      const n = await clock(neu);
      if (r > 0) t.old.push(o), t.neu.push(n);
    }
    out.levers[name] = { newMs: Math.min(...t.neu), oldMs: Math.min(...t.old) };
  }
  return out;
}

async function clock(fn) {
  const s = performance.now();
  await fn();
  return performance.now() - s;
}

/** The foundation's read: lstat, open, fstat, readFile through fs/promises. */
async function promiseRead(file) {
  await fs.promises.lstat(file);
  const h = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    await h.stat();
    return await h.readFile();
  } finally {
    await h.close();
  }
}

async function drain(it) {
  for await (const _ of it);
}
