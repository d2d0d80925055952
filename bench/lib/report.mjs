// Turns the measurements into lines: each ratio beside its target, as text and as Markdown.
const s = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
const x = (r) => `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;
const mb = (b) => `${(b / 1e6).toFixed(0)} MB`;
/** The spread of a ratio over the rounds of one run (roundRatios): lowest, median and highest round. */
const spread = (r) => `${x(r[0])} / ${x((r[(r.length - 1) >> 1] + r[r.length >> 1]) / 2)} / ${x(r.at(-1))} (${r.length} round${r.length === 1 ? '' : 's'})`;

/** Rows: [what, value, target, verdict]. */
export function rows(results) {
  const out = [];
  const check = (what, value, target, ok) => out.push([what, value, target, ok === undefined ? '' : ok ? 'met' : 'MISSED']);
  const e = results.engine;
  if (e) for (const [name, l] of Object.entries(e.levers)) check(`lever ${name}`, `${s(l.newMs)} vs ${s(l.oldMs)}: ${x(l.oldMs / l.newMs)} faster`, '', undefined);
  const t = results.tree;
  if (t?.error) check('working tree', t.error, '', undefined);
  else if (t) {
    check(`keyward scan, ${mb(t.bytes)} tree`, s(t.keyward), '', undefined);
    check(`rg -j2, union of ${t.keywords} keywords (floor)`, s(t.rg), '', undefined);
    check('keyward scan / rg', x(t.keyward / t.rg), '≤ 2×', t.keyward / t.rg <= 2);
    if (t.rounds?.length) check('  each round (lowest / median / highest)', spread(t.rounds), 'diagnostic', undefined);
    if (t.cpu?.keyward && t.cpu.rg) check('  CPU time (user+sys), keyward scan / rg', `${x(t.cpu.keyward / t.cpu.rg)} (${s(t.cpu.keyward)} vs ${s(t.cpu.rg)})`, 'diagnostic', undefined);
    const sl = t.secretlint;
    if (sl?.error) check('secretlint', sl.error, '', undefined);
    else if (sl) {
      check(`secretlint ${sl.version} recommended preset`, `${sl.timedOut ? '> ' : ''}${s(sl.ms)}`, '', undefined);
      check(`secretlint / keyward scan${sl.timedOut ? ' (lower bound: timed out)' : ''}`, `${sl.timedOut ? '≥ ' : ''}${x(sl.ms / t.keyward)}`, '≥ 10×', sl.ms / t.keyward >= 10);
    }
    for (const p of t.scaling ?? []) check(`tree scaling ${p.label} (${mb(p.bytes)})`, `${s(p.keyward)} (rg ${s(p.rg)})`, 'linear', undefined);
    const sc = t.scaling ?? [];
    if (sc.length > 1) check(`tree time per MB, ${sc.at(-1).label} vs 1x`, x(sc.at(-1).keyward / sc.at(-1).bytes / (sc[0].keyward / sc[0].bytes)), '≈ 1×', undefined);
  }
  const h = results.history;
  if (h?.error) check('history', h.error, '', undefined);
  else if (h) {
    check(`keyward history, ${mb(h.bytes)} of unique blobs`, s(h.keyward), '', undefined);
    check('git cat-file --batch-all-objects --batch (floor)', s(h.catFile), '', undefined);
    check('git log -p --all', s(h.logP), '', undefined);
    check('keyward history / cat-file', x(h.keyward / h.catFile), '≤ 2×', h.keyward / h.catFile <= 2);
    if (h.rounds?.length) check('  each round (lowest / median / highest)', spread(h.rounds), 'diagnostic', undefined);
    check('keyward history / git log -p --all', x(h.keyward / h.logP), '< 1×', h.keyward < h.logP);
    if (h.cpu?.keyward) check("  CPU time (user+sys; keyward's stopped git cat-file not counted), history / cat-file / log -p", `${s(h.cpu.keyward)} / ${s(h.cpu.catFile)} / ${s(h.cpu.logP)}`, 'diagnostic', undefined);
    check('peak RSS, history of the large corpus', `${h.rssMb.toFixed(0)} MB`, '≤ 200 MB', h.rssMb <= 200);
    for (const p of h.scaling ?? [])
      check(`history scaling ${p.label} (${p.commits} commits, ${mb(p.bytes)})`, `${s(p.keyward)} (cat-file ${s(p.catFile)}), RSS ${p.rssMb.toFixed(0)} MB`, 'linear, flat RSS', undefined);
  }
  const k = results.hook;
  if (k?.startup) {
    check('node -e 0', s(k.startup.node), '', undefined);
    check('keyward --version', s(k.startup.version), '', undefined);
    check('import cost over node -e 0', Object.entries(k.startup.imports).map(([m, v]) => `${m} ${s(Math.max(0, v))}`).join(', '), '', undefined);
  }
  if (k?.error) check('hook', k.error, '', undefined);
  else if (k?.staged) {
    const what = k.installed === true ? 'installed package (npm pack, npm install)' : k.installed ? `checkout's bin (${k.installed})` : "checkout's bin";
    check(`keyward staged, ${what}, 5 files staged, ${k.files} files in repo`, `p50 ${s(k.staged.median)}, p95 ${s(k.staged.p95)}`, '', undefined);
    check('node -e 0 (same runs)', `p50 ${s(k.node.median)}, p95 ${s(k.node.p95)}`, '', undefined);
    check('staged / node -e 0, median', x(k.staged.median / k.node.median), '≤ 2×', k.staged.median / k.node.median <= 2);
    if (k.rounds?.length) check('  each round (lowest / median / highest)', spread(k.rounds), 'diagnostic', undefined);
    check('staged / node -e 0, p95', x(k.staged.p95 / k.node.p95), '≤ 3×', k.staged.p95 / k.node.p95 <= 3);
    if (k.checkout) check("  the checkout's bin: staged / node -e 0, median", `${x(k.checkout.median / k.node.median)} (p50 ${s(k.checkout.median)})`, 'diagnostic', undefined);
    const w = k.withEnv;
    if (w)
      check(`  with ${w.names.join(', ')}: staged / node -e 0`, `p50 ${x(w.staged.median / w.node.median)} (${s(w.staged.median)} vs ${s(w.node.median)}), p95 ${x(w.staged.p95 / w.node.p95)}`, 'diagnostic', undefined);
  }
  return out;
}

export function text(results) {
  const r = rows(results);
  const w = [0, 1, 2].map((i) => Math.max(...r.map((row) => row[i].length)));
  return r.map((row) => row.map((c, i) => (i < 3 ? c.padEnd(w[i]) : c)).join('  ').trimEnd()).join('\n');
}

export function markdown(results) {
  const lines = ['| measure | value | target | |', '|---|---|---|---|'];
  for (const row of rows(results)) lines.push(`| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  return lines.join('\n');
}
