// Builds (or reuses) the benchmark inputs in the cache folder: corpora from ../shared/bench/make-corpus.mjs,
// scaled copies for the 1x/2x/4x runs, and a >=10,000-file repository for the hook.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
const ready = (dir) => fs.existsSync(path.join(dir, 'ANSWERS.json'));

/** `make-corpus.mjs <mode> <cache>/<mode>-<scale> --scale <scale>`, unless it is already there. */
export function corpus(ctx, mode, scale) {
  const dir = path.join(ctx.cache, `${mode === 'tree' ? 'tree' : 'hist'}-${scale}`);
  if (!ready(dir)) {
    fs.rmSync(dir, { recursive: true, force: true });
    ctx.log(`building ${mode} corpus (${scale}) in ${dir} …`);
    execFileSync(process.execPath, [ctx.makeCorpus, mode, dir, '--scale', scale], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return path.join(dir, mode === 'tree' ? 'tree' : 'repo');
}

/** A folder holding `times` hard-linked copies of `tree` (same bytes, no extra disk). */
export function scaledTree(ctx, tree, times) {
  if (times === 1) return tree;
  const dir = path.join(ctx.cache, `tree-x${times}`);
  const stamp = path.join(dir, '.complete');
  if (!fs.existsSync(stamp)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (let i = 0; i < times; i++) execFileSync('cp', ['-al', tree, path.join(dir, `copy${i}`)], { stdio: 'ignore' });
    fs.writeFileSync(stamp, '');
  }
  return dir;
}

/**
 * Repositories holding the shortest first-parent prefixes of `repo`'s history whose blobs add up to 1/4,
 * 1/2 and all of its blob bytes (fetched, so packed like a clone): input sizes 1x, 2x, 4x.
 * Returns [{label, repo, commits}].
 */
export function historyPrefixes(ctx, repo, key) {
  const cut = bytePrefixes(repo);
  return [1, 2, 4].map((x) => {
    const { sha, n } = cut(x / 4);
    const dir = path.join(ctx.cache, `${key}-x${x}`);
    const stamp = path.join(dir, '.git', 'bench-complete');
    if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== sha) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      git(dir, 'init', '-q');
      git(dir, 'fetch', '-q', '--no-tags', repo, `${sha}:refs/heads/main`);
      git(dir, 'symbolic-ref', 'HEAD', 'refs/heads/main');
      git(dir, 'reset', '-q', '--hard', 'main');
      fs.writeFileSync(stamp, sha);
    }
    return { label: `${x}x`, repo: dir, commits: n };
  });
}

/** For a fraction f of the blob bytes of HEAD's first-parent history: the first commit reaching it. */
function bytePrefixes(repo) {
  const sizes = new Map();
  for (const line of git(repo, 'cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objecttype) %(objectsize)').split('\n')) {
    const [oid, type, size] = line.split(' ');
    if (type === 'blob') sizes.set(oid, Number(size));
  }
  // `git log --raw` lines look like ":100644 100644 <old> <new> M\tpath"; commits are "@<sha>".
  const log = git(repo, 'log', '--first-parent', '--reverse', '--raw', '--no-abbrev', '--no-renames', '--format=@%H', 'HEAD');
  const steps = [];
  const seen = new Set();
  let total = 0;
  for (const line of log.split('\n')) {
    if (line.startsWith('@')) steps.push({ sha: line.slice(1), bytes: total });
    else if (line.startsWith(':')) {
      const oid = line.split(' ')[3];
      if (sizes.has(oid) && !seen.has(oid)) (seen.add(oid), (total += sizes.get(oid)));
      steps[steps.length - 1].bytes = total;
    }
  }
  return (f) => {
    const i = steps.findIndex((s) => s.bytes >= f * total);
    return { sha: steps[i].sha, n: i + 1 };
  };
}

/** Unique blob bytes in a repository (what a blob-dedupe scan reads). */
export function blobBytes(repo) {
  const out = git(repo, 'cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectsize)');
  let bytes = 0;
  for (const line of out.split('\n')) if (line.startsWith('blob ')) bytes += Number(line.slice(5));
  return bytes;
}

/**
 * A repository of `files` small files of real code (cut from `tree`) in one commit, for the hook
 * benchmark: what matters to `keyward staged` is the size of the index, not of the files.
 */
export function hookRepo(ctx, tree, files) {
  const dir = path.join(ctx.cache, `hook-repo-${files}`);
  if (fs.existsSync(path.join(dir, '.git', 'bench-complete'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const sources = listFiles(tree).filter((f) => /\.(js|ts|md|json)$/.test(f)).slice(0, 500);
  const chunks = sources.map((f) => fs.readFileSync(f, 'utf8').slice(0, 2000));
  for (let i = 0; i < files; i++) {
    const file = path.join(dir, hookFile(i));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `// file ${i}\n${chunks[i % chunks.length]}\n`);
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '--no-verify', '-m', 'base');
  fs.writeFileSync(path.join(dir, '.git', 'bench-complete'), '');
  return dir;
}

const hookFile = (i) => `src/pkg${String(Math.floor(i / 100)).padStart(3, '0')}/file${String(i % 100).padStart(2, '0')}.js`;

/** Stages a 5-file change (3 edits, 2 new files, no secrets) in the hook repository of `files` files. */
export function stageFiveFiles(dir, files) {
  const edits = [0, Math.floor(files / 2), files - 1].map(hookFile);
  for (const f of edits) fs.appendFileSync(path.join(dir, f), `export const benchEdit = ${Date.now()};\n`);
  for (const f of ['src/new/a.js', 'src/new/b.js']) {
    fs.mkdirSync(path.join(dir, 'src/new'), { recursive: true });
    fs.writeFileSync(path.join(dir, f), 'export function add(a, b) {\n  return a + b;\n}\n');
  }
  git(dir, 'add', '--', ...edits, 'src/new');
}

export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
