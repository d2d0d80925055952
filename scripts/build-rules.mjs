// Build step (after tsc): validates rules/*.yaml and writes them to dist/rules.json, so that runs load
// JSON instead of parsing YAML, their keyword automata to dist/automata.bin and their path globs' regexes to dist/globs.json. Invalid rules write no bundle: keyward then loads the YAML and reports
// every problem itself (exit 2), and `npm test` fails on them.
import fs from 'node:fs';
import { builtinRulesDir, loadRulesDir } from '../dist/engine/load-rules.js';
import { defaultBundlePath, writeBundle } from '../dist/engine/rule-bundle.js';
import { defaultConfig } from '../dist/config/config.js';
import { KeywordMatcher } from '../dist/detect/aho-corasick.js';
import { defaultAutomataPath, writeAutomata } from '../dist/detect/automaton-cache.js';
import { defaultGlobCachePath, writeGlobCache } from '../dist/engine/glob-cache.js';
import { automatonKeywords } from '../dist/detect/detector.js';
import { compileRules } from '../dist/engine/compile-rule.js';
import { resolveRuleSpecs } from '../dist/engine/rule-set.js';

const dir = builtinRulesDir();
try {
  const rules = loadRulesDir(dir);
  writeBundle(dir, rules);
  console.log(`rules: ${rules.length} rules bundled into ${defaultBundlePath()}`);
  // The keyword automata of scans with the built-in rules (hygiene rules off and on), built once here.
  const specs = resolveRuleSpecs(defaultConfig());
  const lists = [false, true].map((hygiene) => automatonKeywords(compileRules(specs, { hygiene })));
  writeAutomata(lists.map((keywords) => ({ keywords, tables: new KeywordMatcher(keywords, { cached: false }) })));
  // The regexes of the rules' path globs (a rule's `paths` and `allow.paths`), compiled once here.
  writeGlobCache(specs.flatMap((s) => [s.paths, s.allow?.paths]).filter((globs) => globs?.length));
} catch (e) {
  fs.rmSync(defaultAutomataPath(), { force: true });
  fs.rmSync(defaultGlobCachePath(), { force: true });
  fs.rmSync(defaultBundlePath(), { force: true });
  fs.rmSync(defaultBundlePath().replace(/\.json$/, '.src'), { force: true });
  console.warn(`rules: not bundled (${e.message}); keyward will load and report the YAML rules at run time`);
}
