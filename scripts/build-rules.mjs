// Build step (after tsc): validates rules/*.yaml and writes them to dist/rules.json, so that runs load
// JSON instead of parsing YAML. Invalid rules write no bundle: keyward then loads the YAML and reports
// every problem itself (exit 2), and `npm test` fails on them.
import fs from 'node:fs';
import { builtinRulesDir, loadRulesDir } from '../dist/engine/load-rules.js';
import { defaultBundlePath, writeBundle } from '../dist/engine/rule-bundle.js';

const dir = builtinRulesDir();
try {
  const rules = loadRulesDir(dir);
  writeBundle(dir, rules);
  console.log(`rules: ${rules.length} rules bundled into ${defaultBundlePath()}`);
} catch (e) {
  fs.rmSync(defaultBundlePath(), { force: true });
  fs.rmSync(defaultBundlePath().replace(/\.json$/, '.src'), { force: true });
  console.warn(`rules: not bundled (${e.message}); keyward will load and report the YAML rules at run time`);
}
