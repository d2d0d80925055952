// npm `prepare`: set up husky for developers and compile src/ to dist/ (tsc) — without assuming dev dependencies.
//
// npm runs `prepare` on a local `npm install`/`npm ci`, on `npm pack`/`npm publish`, and when a git dependency is
// prepared (npm then installs devDependencies first). The pre-commit framework installs a hook repository with
// `npm install --prod …` then `npm pack`: devDependencies are missing there, so a plain `husky && tsc` fails.
// This script therefore:
//   - runs husky only when it is installed, inside a git checkout, and not for `npm pack`/`npm publish`;
//   - compiles only when dist/ is missing or older than src/ (or tsconfig.json); for `npm pack`/`npm publish`, always
//     writes the rule bundle again from rules/ (an installed package trusts it);
//   - when TypeScript is missing and dist/ must be built, installs the locked devDependencies with scripts off
//     (no recursion into this script), then compiles.
// Portable: no shell, only node and npm. Everything it prints goes to stderr (`npm pack` prints the tarball name on
// stdout, and the pre-commit framework reads it).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(root, 'package.json'));
const log = (line) => process.stderr.write(`keyward prepare: ${line}\n`);
const packing = ['pack', 'publish'].includes(process.env.npm_command ?? '');

function resolves(id) {
  try {
    return require.resolve(id);
  } catch {
    return undefined;
  }
}

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), 0);
}

function distIsFresh() {
  const built = join(root, 'dist', 'cli.js');
  if (!existsSync(built)) return false;
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'tsconfig.json')));
  return statSync(built).mtimeMs >= sources;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 2, 2], shell: false });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited with ${result.status}`);
}

/** The npm CLI that runs this script (npm_execpath), run by this node: no shell, works on Windows too. */
function npm(args) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && npmCli.endsWith('.js')) run(process.execPath, [npmCli, ...args]);
  else run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args);
}

async function setUpHusky() {
  if (packing || !existsSync(join(root, '.git'))) return;
  const husky = resolves('husky');
  if (!husky) return;
  const message = (await import(pathToFileURL(husky).href)).default();
  if (message) log(`husky: ${message}`);
}

function build() {
  if (distIsFresh()) {
    // An installed package uses its rule bundle as long as rules/ holds the same file names (src/engine/rule-bundle.ts):
    // what npm packs is built from the rules it packs, whatever was edited since the last build.
    if (packing) run(process.execPath, [join(root, 'scripts', 'build-rules.mjs')]);
    return;
  }
  if (!resolves('typescript/bin/tsc')) {
    log('TypeScript is not installed (devDependencies omitted); installing the locked devDependencies to build dist/');
    npm(['install', '--include=dev', '--no-save', '--ignore-scripts', '--global=false', '--no-audit', '--no-fund']);
  }
  const tsc = resolves('typescript/bin/tsc');
  if (!tsc) throw new Error('TypeScript is still missing after installing devDependencies: run `npm install` and retry');
  run(process.execPath, [tsc, '-p', 'tsconfig.json']);
  // The same steps as `npm run build`: the precompiled rule bundle, then the single-file CLI bundle when its
  // bundler is installed (bin/keyward.js falls back to dist/cli.js without it).
  run(process.execPath, [join(root, 'scripts', 'build-rules.mjs')]);
  if (resolves('rolldown')) run(process.execPath, [join(root, 'scripts', 'bundle.mjs')]);
}

try {
  await setUpHusky();
  build();
} catch (e) {
  log(`failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
