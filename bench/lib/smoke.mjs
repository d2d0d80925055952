// Tiny inputs for `npm run bench -- --smoke`: seconds, no network, checks that the harness works.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { listFiles } from './corpora.mjs';

/** A tree of real code copied from installed dependencies, and a repository committing it in steps. */
export function smokeInputs(ctx) {
  const dir = path.join(ctx.cache, 'smoke');
  const tree = path.join(dir, 'tree');
  const repo = path.join(dir, 'repo');
  if (fs.existsSync(path.join(dir, '.complete'))) return { tree, repo };
  fs.rmSync(dir, { recursive: true, force: true });
  const files = ['yaml', 'commander', 'simple-git', 'fast-glob']
    .flatMap((m) => listFiles(path.join(ctx.root, 'node_modules', m)))
    .filter((f) => f.endsWith('.js'))
    .slice(0, 200);
  files.forEach((f, i) => {
    const to = path.join(tree, `d${i % 10}`, path.basename(f));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(f, to);
  });
  fs.mkdirSync(repo, { recursive: true });
  const git = (...args) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], { cwd: repo, stdio: 'ignore' });
  git('init', '-q');
  for (let c = 0; c < 8; c++) {
    for (const f of files.slice(c * 25, c * 25 + 25)) fs.copyFileSync(f, path.join(repo, `c${c}-${path.basename(f)}`));
    git('add', '-A');
    git('commit', '-q', '--no-verify', '--allow-empty', '-m', `step ${c}`);
  }
  fs.writeFileSync(path.join(dir, '.complete'), '');
  return { tree, repo };
}
