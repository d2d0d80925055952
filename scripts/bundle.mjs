// Build step (after tsc): bundles dist/ into dist/bundle/ (one module per lazily loaded command
// instead of ~60, and hook.cjs and cli.cjs: `keyward staged` and the whole CLI each in one module), which bin/keyward.js prefers: loading
// fewer modules is most of what the pre-commit hook can still save at start-up (see README, Performance). Chunks sit two folders
// below the package root like dist/<dir>/*.js, so paths computed from import.meta.url hold.
// Without rolldown (a dev dependency) or if bundling fails, no bundle is written and the bin
// loads dist/ as it is.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCliCodeCache, writeHookCodeCache } from './code-cache.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'bundle');
fs.rmSync(out, { recursive: true, force: true });

// `import process from 'node:process'` (chalk's) makes node read every property of `process` for the ESM
// namespace, creating process.stdin and more (~5 ms); the global is the same object.
const processGlobal = {
  name: 'process-global',
  resolveId: (id) => (id === 'node:process' || id === 'process' ? '\0process-global' : null),
  load: (id) => (id === '\0process-global' ? 'module.exports = globalThis.process;' : null),
};

const builtin = (id) => id.startsWith('node:') && id !== 'node:process';

try {
  const { build } = await import('rolldown');
  await build({
    // The worker threads' entries: src/engine/worker-pool.ts starts ./detect-worker.js and
    // src/git/threaded-blob-reader.ts ./cat-file-thread.js, each next to itself.
    input: {
      cli: path.join(root, 'dist', 'cli.js'),
      'detect-worker': path.join(root, 'dist', 'engine', 'detect-worker.js'),
      'cat-file-thread': path.join(root, 'dist', 'git', 'cat-file-thread.js'),
      'tree-read-thread': path.join(root, 'dist', 'sources', 'tree-read-thread.js'),
    },
    platform: 'node',
    external: builtin,
    plugins: [processGlobal],
    logLevel: 'warn',
    output: { dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
  });
  // The pre-commit hook's entry as one self-contained module (its lazy imports inlined, still run lazily):
  // resolving and reading ~20 modules costs the hook more than parsing one larger file. CommonJS, because
  // importing node's built-in modules as ES modules costs a few ms more than requiring them.
  await build({
    input: { hook: path.join(root, 'dist', 'hook.js') },
    platform: 'node',
    external: builtin,
    plugins: [processGlobal],
    logLevel: 'warn',
    output: { dir: out, format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
  });
  // The CLI as one CommonJS module too, for the same reasons, with a code cache of its own (an ES module cannot be
  // given one in node 20): bin/keyward.js loads it for `keyward scan`. The worker threads keep their ES entries above.
  await build({
    input: { cli: path.join(root, 'dist', 'cli.js') },
    platform: 'node',
    external: builtin,
    plugins: [processGlobal],
    logLevel: 'warn',
    output: { dir: out, format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
  });
  const cached = [(await writeHookCodeCache(path.join(out, 'hook.cjs'))) && 'hook.cjs', writeCliCodeCache(path.join(out, 'cli.cjs')) && 'cli.cjs'].filter(Boolean);
  console.log(`bundle: ${fs.readdirSync(out).filter((f) => !f.endsWith('.cache')).length} modules in ${path.relative(root, out)}${cached.length ? `, ${cached.join(' and ')} with code caches` : ''}`);
} catch (e) {
  fs.rmSync(out, { recursive: true, force: true });
  console.warn(`bundle: skipped (${e.message.split('\n')[0]}); bin/keyward.js loads dist/ directly`);
}
