// Build step (after tsc): bundles dist/ into dist/bundle/ (one module per lazily loaded command instead of ~60,
// and hook.cjs and cli.cjs: `keyward staged` and the whole CLI each in one module), which bin/keyward.js prefers:
// loading fewer modules is most of what the pre-commit hook can still save at start-up (see README, Performance).
// Chunks sit two folders below the package root like dist/<dir>/*.js, so paths computed from import.meta.url hold.
// Without rolldown (a dev dependency) or if bundling fails, no bundle is written and the bin
// loads dist/ as it is.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asciiSource } from './ascii-source.mjs';
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

// In the CommonJS bundles, a module's own path is `__filename`. rolldown writes `import.meta.url` there as
// `require("url").pathToFileURL(__filename).href`, which loads node's URL code and parses a URL at each use, then
// `fileURLToPath` parses it back (~1.5 ms of the hook's start-up, where the rules' folder is worked out so).
const cjsPaths = {
  name: 'cjs-paths',
  transform: (code) =>
    code.includes('import.meta.url') ? code.replaceAll('fileURLToPath(import.meta.url)', '__filename').replaceAll('createRequire(import.meta.url)', 'createRequire(__filename)') : null,
};

// A default import of a built-in module (`import fs from 'node:fs'`) becomes, in a CommonJS bundle,
// `node_fs = __toESM(node_fs, 1)`: a new object with a getter defined for each of the module's ~100 exports, ~0.8 ms
// of the hook's start-up for fs, path, os and tty. An object whose prototype is the module reads the same
// (`.default` is the module, any other name reads through to it, live), and costs one allocation.
const builtinNamespaces = {
  name: 'builtin-namespaces',
  renderChunk: (code) => {
    const out = code.replace(/^(node_\w+) = __toESM\(\1, 1\);$/gm, '$1 = { __proto__: $1, default: $1 };');
    return out === code ? null : { code: out };
  },
};

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
  // An entry as one self-contained CommonJS module (its lazy imports inlined, still run lazily), with a code cache
  // of its own below (an ES module cannot be given one in node 20): resolving and reading ~20 modules costs more than
  // parsing one larger file, and importing node's built-in modules as ES modules costs a few ms more than requiring
  // them. The pre-commit hook's entry, and the CLI, which bin/keyward.js loads so for `keyward scan`. The worker
  // threads' entries too (src/threads.ts prefers them to the ES ones above): a thread loading its ES entry spent
  // ~15 ms in node's ES module loader, against ~2 ms for the same code as one CommonJS module.
  const oneModule = (name, entry) =>
    build({
      input: { [name]: path.join(root, 'dist', entry) },
      platform: 'node',
      external: builtin,
      plugins: [processGlobal, cjsPaths, builtinNamespaces],
      logLevel: 'warn',
      output: { dir: out, format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
    });
  await oneModule('hook', 'hook.js');
  await oneModule('cli', 'cli.js');
  await oneModule('detect-worker', path.join('engine', 'detect-worker.js'));
  await oneModule('cat-file-thread', path.join('git', 'cat-file-thread.js'));
  await oneModule('tree-read-thread', path.join('sources', 'tree-read-thread.js'));
  for (const name of ['hook.cjs', 'cli.cjs']) {
    const file = path.join(out, name);
    fs.writeFileSync(file, asciiSource(fs.readFileSync(file, 'utf8')));
  }
  const cached = [(await writeHookCodeCache(path.join(out, 'hook.cjs'))) && 'hook.cjs', writeCliCodeCache(path.join(out, 'cli.cjs')) && 'cli.cjs'].filter(Boolean);
  console.log(`bundle: ${fs.readdirSync(out).filter((f) => !f.endsWith('.cache')).length} modules in ${path.relative(root, out)}${cached.length ? `, ${cached.join(' and ')} with code caches` : ''}`);
} catch (e) {
  fs.rmSync(out, { recursive: true, force: true });
  console.warn(`bundle: skipped (${e.message.split('\n')[0]}); bin/keyward.js loads dist/ directly`);
}
