// Build step (after the bundle): V8's compiled code for the CommonJS bundles dist/bundle/hook.cjs and cli.cjs,
// written next to each as <name>.cache, which bin/keyward.js hands to V8 when it loads one: parsing and compiling
// the hook's 146 KB bundle, and later each function on its first call, was ~7 ms of `keyward staged`'s start-up; the
// CLI's ~1 MB, ~30 ms of a small `keyward scan` (the bin loads cli.cjs for `scan` only). Each cache is taken after
// one real run (the hook: a commit check in a throwaway repository with one staged file; the CLI: a scan of a
// throwaway folder), so it holds the functions such a run calls, not only the top level. It is compiled code (with
// the bundle's path as its name), never data: no rule or file content is in it. node rejects a cache from another
// node version or other V8 flags (and the bin ignores one older than its bundle): the bundle then compiles as
// before. The CLI's cache is taken in a process of its own, under the V8 flags the bin sets for `scan`
// (bin/v8-flags.js). Any failure here leaves no cache.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/** Compiles `file` the way bin/keyward.js does (same wrapper, so the same source for V8), runs it once, writes the cache. */
async function writeCache(file, what, run) {
  const cache = `${file}.cache`;
  fs.rmSync(cache, { force: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-cache-'));
  try {
    const require = createRequire(file);
    const script = new vm.Script(require('node:module').wrap(fs.readFileSync(file, 'utf8')), { filename: file });
    const module = { exports: {} };
    script.runInThisContext()(module.exports, require, module, file, path.dirname(file));
    const sink = { write: () => true };
    await run(module.exports.main, dir, { stdout: sink, stderr: sink, cwd: dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
    fs.writeFileSync(cache, script.createCachedData());
    return true;
  } catch (e) {
    fs.rmSync(cache, { force: true });
    console.warn(`code cache: skipped (${String(e?.message ?? e).split('\n')[0]}); ${what} compiles its code at each run`);
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The hook's cache, after one commit check. */
export function writeHookCodeCache(file) {
  return writeCache(file, 'the hook', async (main, repo, io) => {
    const git = (...args) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    fs.writeFileSync(path.join(repo, 'app.js'), 'const config = { region: "eu-west-1", retries: 3 };\nmodule.exports = config;\n');
    git('add', 'app.js');
    await main(['staged', '-q'], io);
  });
}

/** The CLI's cache, taken by a child process under the bin's V8 flags. */
export function writeCliCodeCache(file) {
  try {
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--cli', file], { stdio: ['ignore', 'inherit', 'inherit'] });
    return fs.existsSync(`${file}.cache`);
  } catch {
    return false;
  }
}

if (process.argv[2] === '--cli') {
  // The bin loads cli.cjs for `scan` only, after it set the scan's V8 flags; V8 checks a cache against the flags.
  const { SCAN_V8_FLAGS } = (await import('../bin/v8-flags.js')).default;
  (await import('node:v8')).default.setFlagsFromString(SCAN_V8_FLAGS);
  await writeCache(process.argv[3], 'the CLI', async (main, dir, io) => {
    fs.writeFileSync(path.join(dir, 'app.js'), 'const config = { region: "eu-west-1", token: process.env.TOKEN };\nmodule.exports = config;\n');
    await main(['scan', dir, '-q', '--format', 'json'], io);
  });
}
