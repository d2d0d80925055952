// Build step (after tsc): bundles dist/ into dist/bundle/ (one module per lazily loaded command
// instead of ~60), which bin/keyward.js prefers: loading fewer modules is most of what the
// pre-commit hook can still save at start-up (see README, Performance). Chunks sit two folders
// below the package root like dist/<dir>/*.js, so paths computed from import.meta.url hold.
// Without rolldown (a dev dependency) or if bundling fails, no bundle is written and the bin
// loads dist/ as it is.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'bundle');
fs.rmSync(out, { recursive: true, force: true });
try {
  const { build } = await import('rolldown');
  await build({
    input: { cli: path.join(root, 'dist', 'cli.js'), io: path.join(root, 'dist', 'io.js'), 'detect-worker': path.join(root, 'dist', 'engine', 'detect-worker.js') },
    platform: 'node',
    external: [/^node:/],
    logLevel: 'warn',
    output: { dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
  });
  console.log(`bundle: ${fs.readdirSync(out).length} modules in ${path.relative(root, out)}`);
} catch (e) {
  fs.rmSync(out, { recursive: true, force: true });
  console.warn(`bundle: skipped (${e.message.split('\n')[0]}); bin/keyward.js loads dist/ directly`);
}
