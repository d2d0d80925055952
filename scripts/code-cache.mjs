// Build step (after the bundle): V8's compiled code for dist/bundle/hook.cjs, written next to it as hook.cjs.cache,
// which bin/keyward.js hands to V8 when it loads the hook: parsing and compiling the 146 KB bundle, and later each
// function on its first call, was ~7 ms of `keyward staged`'s start-up. The cache is taken after one real run of
// the hook (in a throwaway repository with one staged file), so it holds the functions a commit check calls, not
// only the top level. It is compiled code (with the bundle's path as its name), never data: no rule or file content is in it. node rejects
// a cache from another node version or V8 flags (and the bin ignores one older than the bundle): the hook then
// compiles as before. Any failure here leaves no cache.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** Compiles `file` the way bin/keyward.js does (same wrapper, so the same source for V8), runs the hook once, writes the cache. */
export async function writeHookCodeCache(file) {
  const cache = `${file}.cache`;
  fs.rmSync(cache, { force: true });
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-cache-'));
  try {
    const require = createRequire(file);
    const script = new vm.Script(require('node:module').wrap(fs.readFileSync(file, 'utf8')), { filename: file });
    const module = { exports: {} };
    script.runInThisContext()(module.exports, require, module, file, path.dirname(file));
    const git = (...args) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    fs.writeFileSync(path.join(repo, 'app.js'), 'const config = { region: "eu-west-1", retries: 3 };\nmodule.exports = config;\n');
    git('add', 'app.js');
    const sink = { write: () => true };
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: repo };
    await module.exports.main(['staged', '-q'], { stdout: sink, stderr: sink, cwd: repo, env });
    fs.writeFileSync(cache, script.createCachedData());
    return true;
  } catch (e) {
    fs.rmSync(cache, { force: true });
    console.warn(`code cache: skipped (${String(e?.message ?? e).split('\n')[0]}); the hook compiles its code at each run`);
    return false;
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}
