import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtFacts, rememberFacts, type BuiltFacts } from './line-local.js';
import type { RuleSpec } from './rule-types.js';

/**
 * The built-in rules precompiled at build time (`npm run build` writes dist/rules.json): validated
 * RuleSpecs as JSON, so a run does not parse YAML. Next to it, dist/rules.src holds the rule files'
 * names and bytes as they were bundled; the bundle is used only while rules/ still holds exactly those
 * bytes (one native compare: no hashing in JavaScript, no node:crypto to load); when every file's size
 * and mtime are as recorded at build time, not even that. Any change in rules/ (or a missing bundle)
 * falls back to loading the YAML.
 *
 * The texts a clean run never reads (titles, descriptions, remediation, examples, where a rule is written) are in a
 * file of their own, dist/rules-text.json, read on first use (readBundle): they are half the bundle's bytes, and a
 * clean pre-commit hook parsed them for nothing.
 */
export function defaultBundlePath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'rules.json');
}

const sourcesPath = (bundle: string) => bundle.replace(/\.json$/, '.src');
const textsPath = (bundle: string) => bundle.replace(/\.json$/, '-text.json');

/** The RuleSpec fields kept in the texts file: what reports, remediation and rule checks read, never detection. */
const TEXT_FIELDS = ['title', 'description', 'remediation', 'examples', 'source'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type RuleTexts = Pick<RuleSpec, TextField>;

/** The rule files' names and contents, in load order, as one buffer. */
export function rulesSnapshot(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const name of ruleFileNames(dir)) {
    const bytes = fs.readFileSync(path.join(dir, name));
    parts.push(Buffer.from(`${name}\0${bytes.length}\0`), bytes);
  }
  return Buffer.concat(parts);
}

export function ruleFileNames(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
}

/** Name, size and mtime of each rule file, in load order: a stat per file, no reads. */
type Stamp = [name: string, size: number, mtimeMs: number];

function stamps(dir: string): Stamp[] {
  return ruleFileNames(dir).map((n) => {
    const st = fs.statSync(path.join(dir, n));
    return [n, st.size, st.mtimeMs];
  });
}

/**
 * Whether `dir` holds exactly the files in `recorded`, each with its recorded size and mtime. On the hook's
 * path: numbers compared as numbers and names joined by hand (205 `path.join` calls and number-to-string
 * conversions cost more than the 205 `stat` calls themselves).
 */
function sameStamps(dir: string, recorded: Stamp[]): boolean {
  const names = ruleFileNames(dir);
  if (!Array.isArray(recorded) || names.length !== recorded.length) return false;
  const base = dir.endsWith(path.sep) ? dir : dir + path.sep;
  for (let i = 0; i < names.length; i++) {
    const [name, size, mtimeMs] = recorded[i]!;
    if (names[i] !== name) return false;
    const st = fs.statSync(base + name, { throwIfNoEntry: false });
    if (!st || st.size !== size || st.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

/**
 * The bundled rules when the bundle exists and was built from exactly the files now in `dir`, else undefined.
 * Their texts are read on first use; should the texts file be gone or from another build by then, they come from
 * `loadYaml` (the YAML files the bundle was checked against).
 */
export function readBundle(dir: string, file = defaultBundlePath(), loadYaml?: (dir: string) => RuleSpec[]): RuleSpec[] | undefined {
  try {
    // ASCII (writeBundle): read as latin1, a plain copy into a one-byte string, which JSON.parse also reads faster.
    // A bundle that is not (written by an older build) is not used.
    const bytes = fs.readFileSync(file);
    if (!isAscii(bytes)) return undefined;
    const bundle = JSON.parse(bytes.toString('latin1')) as { stamps: Stamp[]; build: string; rules: RuleSpec[] } & Partial<BuiltFacts>;
    if (!sameStamps(dir, bundle.stamps) && !fs.readFileSync(sourcesPath(file)).equals(rulesSnapshot(dir))) return undefined;
    if (bundle.spans) rememberFacts(bundle.rules, { spans: bundle.spans, before: bundle.before, extents: bundle.extents, needs: bundle.needs, runs: bundle.runs, folded: bundle.folded });
    const texts = textsPrototype(() => readTexts(file, bundle.build) ?? byId(loadYaml?.(dir) ?? []));
    for (const rule of bundle.rules) Object.setPrototypeOf(rule, texts);
    return bundle.rules;
  } catch {
    return undefined;
  }
}

/**
 * JSON with every character past ASCII written as a `\u` escape: the same value, read back as latin1 (readBundle).
 * The pre-commit hook reads and parses the bundle at every run: 8.0 -> 6.4 ms (a UTF-8 file decodes into a
 * two-byte string).
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function writeBundle(dir: string, rules: RuleSpec[], file = defaultBundlePath()): void {
  fs.writeFileSync(sourcesPath(file), rulesSnapshot(dir));
  const texts: Record<string, RuleTexts> = {};
  const detection = rules.map((rule) => {
    const rest: Partial<RuleSpec> = { ...rule };
    for (const f of TEXT_FIELDS) delete rest[f];
    texts[rule.id] = Object.fromEntries(TEXT_FIELDS.map((f) => [f, rule[f]])) as RuleTexts;
    return rest;
  });
  // Ties the texts file to this bundle (readTexts does not use another's), and the same texts give the same files.
  // (node:crypto required here, at build time: the hook that reads the bundle never loads it.)
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const build = createHash('sha256').update(JSON.stringify(texts)).digest('hex');
  fs.writeFileSync(textsPath(file), asciiJson({ build, texts }));
  // Each rule's line span (lines before, extent, needed characters) is worked out here, once, so that runs (the pre-commit hook) need not parse regexes.
  fs.writeFileSync(file, asciiJson({ stamps: stamps(dir), build, rules: detection, ...builtFacts(rules) }));
}

/**
 * The prototype of the bundle's rules: each text field is a getter that reads the texts (`load`, once) and
 * returns the rule's own, by id. The rules' own properties are what detection reads; a copy that should keep
 * the texts keeps the prototype (see `withPrototype`).
 */
function textsPrototype(load: () => Record<string, RuleTexts>): object {
  let texts: Record<string, RuleTexts> | undefined;
  const proto = {};
  for (const field of TEXT_FIELDS)
    Object.defineProperty(proto, field, {
      enumerable: false,
      get(this: RuleSpec) {
        const own = (texts ??= load())[this.id];
        if (!own) throw new Error(`rule ${this.id}: no texts in the rule bundle (run \`npm run build\`)`);
        return own[field];
      },
    });
  return proto;
}

/** The texts written with the bundle `build`; undefined when the file is missing or from another build. */
function readTexts(file: string, build: string): Record<string, RuleTexts> | undefined {
  try {
    const bytes = fs.readFileSync(textsPath(file));
    if (!isAscii(bytes)) return undefined;
    const read = JSON.parse(bytes.toString('latin1')) as { build: string; texts: Record<string, RuleTexts> };
    return read.build === build ? read.texts : undefined;
  } catch {
    return undefined;
  }
}

const byId = (rules: RuleSpec[]): Record<string, RuleTexts> => Object.fromEntries(rules.map((r) => [r.id, r]));
