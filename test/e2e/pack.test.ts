import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fake } from '../helpers/fake-keys.js';
import { ROOT } from '../helpers/cli.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });

/** Packs the checkout and installs the tarball into a fresh project, without dev dependencies: what users run. */
function installed(): { prefix: string; listing: string[] } {
  const out = tmpDir();
  // --ignore-scripts: dist/ is already built by `npm test`; packing must not rebuild or touch git hooks.
  const name = npm(['pack', '--ignore-scripts', '--pack-destination', out], ROOT).trim().split('\n').pop()!;
  const tarball = path.join(out, name);
  const listing = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
  const prefix = tmpDir();
  fs.writeFileSync(path.join(prefix, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}\n');
  npm(['install', '--omit=dev', '--no-package-lock', tarball], prefix);
  return { prefix, listing };
}

describe('the npm package', () => {
  let pkg: ReturnType<typeof installed>;
  beforeAll(() => {
    pkg = installed();
  }, 180_000);

  it('installs from its tarball without dev dependencies and scans', () => {
    const { listing, prefix } = pkg;
    expect(listing).toContain('package/bin/keyward.js');
    expect(listing).toContain('package/dist/cli.js');
    expect(listing.some((f) => f.startsWith('package/rules/') && f.endsWith('.yaml'))).toBe(true);
    expect(listing.some((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toBe(false);
    const dir = tmpDir();
    writeFiles(dir, { '.env': `OPENAI_API_KEY=${fake.sk()}\n` });
    const bin = path.join(prefix, 'node_modules', '.bin', 'keyward');
    let code = 0;
    let stdout = '';
    try {
      stdout = execFileSync(bin, ['scan', dir, '--format', 'json'], { encoding: 'utf8' });
    } catch (e) {
      code = (e as { status: number }).status;
      stdout = (e as { stdout: string }).stdout;
    }
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings[0].ruleId).toBe('sk-standard-key');
  });

  // npm gives the installed files the times they were unpacked at, in the tarball's order: the hook must still load
  // its one-module bundle with its code cache, and the rule bundle without reading the rule files.
  it("runs the pre-commit hook from what its build wrote, whatever times npm gave the files", () => {
    const pkgDir = path.join(pkg.prefix, 'node_modules', 'keyward');
    // The worst order npm could give: every build output older than what it was built from.
    const old = new Date(Date.now() - 3_600_000);
    for (const f of ['dist/bundle/hook.cjs.cache', 'dist/bundle/cli.js', 'dist/rules.json']) fs.utimesSync(path.join(pkgDir, f), old, old);
    const log = path.join(tmpDir(), 'reads.log');
    const preload = path.join(tmpDir(), 'reads.cjs');
    fs.writeFileSync(preload, `const fs = require('node:fs'); const read = fs.readFileSync; const seen = [];
fs.readFileSync = function (f, ...rest) { seen.push(String(f)); return read.call(this, f, ...rest); };
process.on('exit', () => fs.writeFileSync(${JSON.stringify(log)}, seen.join('\\n')));\n`);
    const repo = gitRepo({ 'README.md': 'hello\n' });
    writeFiles(repo, { 'app.py': `key = "${fake.sk()}"\n` });
    git(repo, 'add', 'app.py');
    const r = spawnSync(path.join(pkg.prefix, 'node_modules', '.bin', 'keyward'), ['staged', '--format', 'json'], { cwd: repo, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--require ${preload}` } });
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).findings[0].ruleId).toBe('sk-standard-key');
    const reads = fs.readFileSync(log, 'utf8').split('\n').map((f) => path.relative(pkgDir, f).split(path.sep).join('/'));
    expect(reads).toContain('dist/bundle/hook.cjs');
    expect(reads).toContain('dist/bundle/hook.cjs.cache');
    expect(reads).toContain('dist/rules.json');
    expect(reads.filter((f) => f.startsWith('rules/') || f === 'dist/rules.src')).toEqual([]);
  });
});
