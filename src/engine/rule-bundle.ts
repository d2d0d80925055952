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

/**
 * Hash of the rule files' names and contents, in load order: 64-bit FNV-1a (two 32-bit lanes). It only
 * detects edits to our own files, so it needs no cryptographic strength, and node:crypto costs ~10 ms to load.
 */
export function rulesHash(dir: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const feed = (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++) {
      a = Math.imul(a ^ bytes[i]!, 0x01000193);
      b = Math.imul(b ^ bytes[i]!, 0x811c9dc5 | 1);
    }
  };
  for (const name of ruleFileNames(dir)) {
    feed(Buffer.from(`${name}\0`));
    const bytes = fs.readFileSync(path.join(dir, name));
    feed(bytes);
    feed(Buffer.from(`\0${bytes.length}\0`));
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
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
