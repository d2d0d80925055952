// keyward as users run it: the checkout packed with `npm pack` and installed from the tarball into a project of its
// own (dependencies from the registry, no dev dependencies), made again at every benchmark run. An installed package
// differs from the checkout: no src/, and files timed by npm as it unpacked them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The installed package's bin/keyward.js, or { error } when packing or installing failed (offline, say). */
export function installedBin(ctx) {
  const dir = path.join(ctx.cache, 'installed');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const npm = (args, cwd) => execFileSync('npm', [...args, '--loglevel=error', '--no-audit', '--no-fund'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    ctx.log('packing the checkout and installing the tarball …');
    // --ignore-scripts: run.mjs built dist/ already (npm run bench).
    const tarball = path.join(dir, npm(['pack', '--ignore-scripts', '--pack-destination', dir], ctx.root).trim().split('\n').pop());
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"keyward-bench-consumer","version":"1.0.0","private":true}\n');
    npm(['install', '--omit=dev', '--no-package-lock', tarball], dir);
    return { bin: path.join(dir, 'node_modules', 'keyward', 'bin', 'keyward.js') };
  } catch (e) {
    return { error: `could not pack and install keyward: ${String(e.message).split('\n')[0]}` };
  }
}
