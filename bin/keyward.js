#!/usr/bin/env node
// Thin shim: the built CLI decides the exit code; any crash on the way exits 2, never 0 (nor 1, which means findings).
// CommonJS (bin/package.json): an ES module entry starts node's ES module loader, ~8 ms of the pre-commit hook's
// start-up (and ~14 ms with this file's imports and top-level await), which never imports an ES module.
'use strict';
const fs = require('node:fs');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const path = require('node:path');

const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
const crash = (e) => {
  process.stderr.write(`keyward: internal error: ${e && e.message ? e.message : e}\n`);
  // A module or bundle of dist/ that is not there (a checkout without a build).
  const unbuilt = ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND', 'ENOENT'].includes(e && e.code) && String(e.message).includes(path.join(__dirname, '..', 'dist'));
  if (unbuilt) process.stderr.write('keyward is not built: run `npm run build` (npm ci does it for you).\n');
  // Same words as HOOK_FAILED in src/cli-errors.ts: a crash inside the pre-commit hook blocks the commit.
  if (command === 'staged')
    process.stderr.write('keyward staged could not check the commit, so a pre-commit hook running it blocks the commit (it fails closed).\nFix the problem above; to commit once without the secret check, consciously: git commit --no-verify\n');
  process.exit(2);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
// `keyward … | head`: the reader went away; the scan's own exit code still stands.
process.stdout.on('error', (e) => (e.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : crash(e)));
// Before any code runs hot: V8 must never see its inlining limits change while it compiles (bin/v8-flags.js). The
// pre-commit hook sets none, and does not read the file that says so.
const flags = process.argv[2] === 'staged' ? undefined : require('./v8-flags.js');
const v8Flags = flags?.v8FlagsFor(command);
if (v8Flags) {
  for (const m of flags.BUILTINS_BEFORE_FLAGS) require(m);
  require('node:v8').setFlagsFromString(v8Flags);
}

const dist = path.join(__dirname, '..', 'dist');
// The bundle (npm run build makes it) loads in a fraction of the modules; dist/ itself is the fallback,
// also when dist/ was rebuilt after the bundle (e.g. by `tsc` alone).
const bundle = path.join(dist, 'bundle');
const mtime = (f) => fs.statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? -1;
// An installed package (no src/: npm ships dist/ built) is never rebuilt in place, and npm gives its files the times
// they were unpacked at, in the tarball's order: there, what the build wrote is used as it is, whatever the order of
// the times (as installed, the times had the hook load dist/ module by module and skip its code cache: ~2x slower).
const shipped = !fs.existsSync(path.join(__dirname, '..', 'src'));
const newer = (a, b) => (shipped ? mtime(a) >= 0 : mtime(a) >= mtime(b));
const base = newer(path.join(bundle, 'cli.js'), path.join(dist, 'cli.js')) ? bundle : dist;
// `keyward staged` (the pre-commit hook) has its own entry: in the bundle, one CommonJS module with all it
// needs (node's built-in modules load faster through require than through import). `keyward scan` loads the CLI
// as one CommonJS module too, when the build made it, with a code cache taken after a scan (~30 ms less). Not the
// others: `--version` loaded ~9 ms slower from it (all of the CLI and its cache, for little code run), and all of
// it loaded at once grew V8's young generation before the history scan caps it (src/heap.ts): ~15 MB more peak RSS.
const cjsCli = base === bundle && command === 'scan' && newer(path.join(bundle, 'cli.cjs'), path.join(dist, 'cli.js'));
const entry = process.argv[2] === 'staged' ? (base === bundle ? 'hook.cjs' : 'hook.js') : cjsCli ? 'cli.cjs' : 'cli.js';
// Each CommonJS module's compiled code, cached at build time next to it (scripts/code-cache.mjs): V8 then skips
// parsing and compiling it (~7 ms of the hook's start-up, ~30 ms of a small scan's). Only a cache newer than the
// module is used (in a checkout; an installed package's is its build's); V8 rejects one from another node version or other V8 flags by itself, and the module then
// compiles as it would through require.
function requireCached(file) {
  const require = createRequire(file);
  const cache = `${file}.cache`;
  if (!newer(cache, file)) return require(file);
  const vm = require('node:vm');
  // The build writes the bundles in ASCII (scripts/bundle.mjs): read as latin1, a one-byte string without decoding.
  const bytes = fs.readFileSync(file);
  const source = require('node:module').wrap(bytes.toString(require('node:buffer').isAscii(bytes) ? 'latin1' : 'utf8'));
  const script = new vm.Script(source, { filename: file, cachedData: fs.readFileSync(cache) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, path.dirname(file));
  return module.exports;
}

(async () => {
  const file = path.join(base, entry);
  const { main, processIo } = entry.endsWith('.cjs') ? requireCached(file) : await import(pathToFileURL(file).href);
  process.exitCode = await main(process.argv.slice(2), processIo(), (href) => import(href));
})().catch(crash);
