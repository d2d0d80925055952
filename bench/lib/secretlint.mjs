// secretlint with its recommended preset, installed by the benchmark into the cache folder (never a
// project dependency). 11.x is the newest line whose engines allow Node 20.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const VERSION = '11.7.1';

export function secretlint(ctx) {
  const dir = path.join(ctx.cache, 'secretlint');
  const bin = path.join(dir, 'node_modules', '.bin', 'secretlint');
  if (!fs.existsSync(bin)) {
    ctx.log(`installing secretlint@${VERSION} into ${dir} …`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{"private": true}\n');
    try {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `secretlint@${VERSION}`, `@secretlint/secretlint-rule-preset-recommend@${VERSION}`], { cwd: dir, stdio: 'ignore' });
    } catch (e) {
      return { error: `could not install secretlint: ${e.message.split('\n')[0]}` };
    }
  }
  const rc = path.join(dir, '.secretlintrc.json');
  fs.writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  return {
    version: VERSION,
    command: (tree) => ({ name: 'secretlint', cmd: bin, args: ['--secretlintrc', rc, '**/*'], cwd: tree, okCodes: [0, 1] }),
  };
}
