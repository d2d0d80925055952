// Hook latency: `keyward staged` (the package as npm installs it, and the checkout's bin) on a 5-file commit in a
// repository of >=10,000 files vs a bare `node -e 0`, interleaved run by run; plus start-up costs (--version, each dependency's import).
import path from 'node:path';
import { hookRepo, stageFiveFiles } from './corpora.mjs';
import { hasCommand } from './history.mjs';
import { installedBin } from './installed.mjs';
import { roundRatios, timeInterleaved } from './proc.mjs';

export function hookBench(ctx, tree) {
  const out = {};
  const node0 = { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'], wallOnly: true };
  const version = { name: 'keyward --version', cmd: process.execPath, args: [ctx.bin, '--version'], wallOnly: true };
  const imports = ['commander', 'chalk', 'simple-git', 'yaml', 'fast-glob', 'picomatch'].map((m) => ({
    name: `import ${m}`,
    cmd: process.execPath,
    args: ['--input-type=module', '-e', `await import(${JSON.stringify(m)})`],
    cwd: ctx.root,
    wallOnly: true,
  }));
  ctx.log('start-up: --version and dependency imports …');
  const s = timeInterleaved([node0, version, ...imports], { runs: ctx.smoke ? 3 : 15, warmup: 2 });
  const base = s['node -e 0'].median;
  out.startup = { node: base, version: s['keyward --version'].median, imports: Object.fromEntries(imports.map((i) => [i.name.slice(7), s[i.name].median - base])) };
  if (!hasCommand(ctx, 'staged')) return { ...out, error: '`keyward staged` is not available in this build (not merged yet)' };
  const files = ctx.smoke ? 500 : 10_000;
  const repo = hookRepo(ctx, tree, files);
  stageFiveFiles(repo, files);
  // The target is timed on the installed package (what a pre-commit hook runs); the checkout's bin beside it.
  const installed = installedBin(ctx);
  ctx.log(`hook: keyward staged in a ${files}-file repository …`);
  const checkout = { name: 'keyward staged (checkout)', cmd: process.execPath, args: [ctx.bin, 'staged', '-q'], cwd: repo, wallOnly: true };
  const staged = installed.bin ? { ...checkout, name: 'keyward staged', args: [installed.bin, 'staged', '-q'] } : { ...checkout, name: 'keyward staged' };
  const h = timeInterleaved([node0, staged, ...(installed.bin ? [checkout] : [])], { runs: ctx.smoke ? 5 : 40, warmup: 3 });
  // The same with the start-up variables the benchmark left out (run.mjs): a diagnostic, not the target.
  let withEnv;
  if (Object.keys(ctx.startupEnv ?? {}).length && !ctx.smoke) {
    ctx.log(`hook: again with ${Object.keys(ctx.startupEnv).join(', ')} …`);
    const env = ctx.startupEnv;
    const w = timeInterleaved([{ ...node0, env }, { ...staged, env }], { runs: 20, warmup: 2 });
    withEnv = { names: Object.keys(env), node: w['node -e 0'], staged: w['keyward staged'] };
  }
  return {
    ...out,
    repo: path.basename(repo),
    files,
    installed: installed.bin ? true : installed.error,
    node: h['node -e 0'],
    staged: h['keyward staged'],
    checkout: h['keyward staged (checkout)'],
    rounds: roundRatios(h['keyward staged'], h['node -e 0']),
    withEnv,
  };
}
