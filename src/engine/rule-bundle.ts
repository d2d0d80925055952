import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleSpec } from './rule-types.js';

/**
 * The built-in rules precompiled at build time (`npm run build` writes dist/rules.json): validated
 * RuleSpecs as JSON, so a run does not parse YAML. Used only while its hash still matches the rule
 * files' contents; any change in rules/ (or a missing bundle) falls back to loading the YAML.
 */
interface Bundle {
  hash: string;
  rules: RuleSpec[];
}

export function defaultBundlePath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'rules.json');
}

/** Hash of the rule files' names and contents, in load order. */
export function rulesHash(dir: string): string {
  const h = createHash('sha256');
  for (const name of ruleFileNames(dir)) h.update(`${name}\0`).update(fs.readFileSync(path.join(dir, name))).update('\0');
  return h.digest('hex');
}

export function ruleFileNames(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
}

/** The bundled rules when the bundle exists and matches `dir`, else undefined. */
export function readBundle(dir: string, file = defaultBundlePath()): RuleSpec[] | undefined {
  let bundle: Bundle;
  try {
    bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as Bundle;
    if (bundle.hash !== rulesHash(dir)) return undefined;
  } catch {
    return undefined;
  }
  return bundle.rules;
}

export function writeBundle(dir: string, rules: RuleSpec[], file = defaultBundlePath()): void {
  const bundle: Bundle = { hash: rulesHash(dir), rules };
  fs.writeFileSync(file, JSON.stringify(bundle));
}
