import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../crypto.js';
import { BUILT_FACTS, builtFacts, factsAt, type Built } from './line-local.js';
import type { RuleSpec } from './rule-types.js';

/**
 * The built-in rules precompiled at build time (`npm run build` writes dist/rules.json): validated
 * RuleSpecs as JSON, so a run does not parse YAML. Next to it, dist/rules.src holds the rule files'
 * names and bytes as they were bundled; the bundle is used only while rules/ still holds exactly those
 * bytes (one native compare: no hashing in JavaScript, no node:crypto to load); when every file's size
 * and mtime are as recorded at build time, not even that. Any change in rules/ (or a missing bundle)
 * falls back to loading the YAML.
 *
 * dist/rules.json is a line of JSON with what every run reads of every rule (HEAD_FIELDS: a detector is built from
 * these), then a line per rule with the rest of its detection fields and the facts the build worked out for it
 * (line-local.ts), parsed when the rule is first read past its head. A commit's few files hit the keywords of a
 * handful of rules: the pre-commit hook parsed all 372 rules' regexes, allowlists and facts, and kept them through
 * its garbage collections, for the few it runs.
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

/** The fields of the bundle's first line, own properties of each rule: what building a detector reads of every rule. */
const HEAD_FIELDS: readonly string[] = ['id', 'kind', 'keywords', 'file'];

/** A rule's line after the first: its other detection fields, and its facts from the build. */
type Body = [fields: Partial<RuleSpec>, facts: Built];

/** The bundle's first line. `at`: where each rule's line starts, counted from the second line, and where the last ends. */
interface Head {
  stamps: Stamp[];
  build: string;
  /** Every field name found in a rule's line: each is read through the rules' prototype. */
  fields: string[];
  rules: RuleSpec[];
  at: number[];
}

/** A bundle rule's detection fields past its head (a plain rule has none), read through its prototype. */
const RULE_BODY: unique symbol = Symbol('keyward.ruleBody');

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

/** Whether `dir` holds the rule files in `recorded`, by name (one listing of the folder, no `stat`). */
function sameNames(dir: string, recorded: Stamp[]): boolean {
  const names = ruleFileNames(dir);
  return Array.isArray(recorded) && names.length === recorded.length && names.every((n, i) => n === recorded[i]![0]);
}

/**
 * The bundled rules when the bundle exists and was built from exactly the files now in `dir`, else undefined.
 * `shipped`: `dir` and the bundle are an installed package's (bin/keyward.js: no src/), written together by its build
 * and never rebuilt in place (npm gives them the times they were unpacked at, so the recorded times never match);
 * there, the same file names are enough, and `npm pack` rebuilds the bundle (scripts/prepare.mjs).
 * Each rule's own properties are its head; its other fields are read through its prototype, from its own line
 * of the bundle (parsed on first read) or, for its texts, from the texts file; should the texts file be gone or
 * from another build by then, they come from `loadYaml` (the YAML files the bundle was checked against).
 */
export function readBundle(dir: string, file = defaultBundlePath(), { loadYaml, shipped = false }: { loadYaml?: (dir: string) => RuleSpec[]; shipped?: boolean } = {}): RuleSpec[] | undefined {
  try {
    // ASCII (writeBundle): read as latin1, a plain copy into a one-byte string, which JSON.parse also reads faster.
    // A bundle that is not (written by an older build) is not used.
    const bytes = fs.readFileSync(file);
    if (!isAscii(bytes)) return undefined;
    const first = bytes.indexOf(10);
    const head = JSON.parse(bytes.toString('latin1', 0, first)) as Head;
    // A bundle cut short, or of an older build's format: not used.
    if (!Array.isArray(head.at) || head.at.length !== head.rules.length + 1 || first + 1 + head.at.at(-1)! !== bytes.length) return undefined;
    const same = shipped ? sameNames(dir, head.stamps) : sameStamps(dir, head.stamps);
    if (!same && !fs.readFileSync(sourcesPath(file)).equals(rulesSnapshot(dir))) return undefined;
    const bodies: Body[] = [];
    let index: Map<string, number> | undefined;
    const body = (id: string): Body => {
      const i = (index ??= new Map(head.rules.map((r, k) => [r.id, k]))).get(id)!;
      return (bodies[i] ??= JSON.parse(bytes.toString('latin1', first + 1 + head.at[i]!, first + head.at[i + 1]!)) as Body);
    };
    const proto = rulePrototype(head.fields, body, () => readTexts(file, head.build) ?? byId(loadYaml?.(dir) ?? []));
    for (const rule of head.rules) Object.setPrototypeOf(rule, proto);
    return head.rules;
  } catch {
    return undefined;
  }
}

/**
 * `spec` with every field it reads through its prototype (a bundle rule's, past its head) as its own, texts
 * left out: what a worker thread is sent (a structured clone copies own fields only). A plain rule as it is.
 */
export function detectionFields(spec: RuleSpec): RuleSpec {
  const body = (spec as { [RULE_BODY]?: Partial<RuleSpec> })[RULE_BODY];
  return body ? ({ ...body, ...spec } as RuleSpec) : spec;
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
  // Each rule's line span (lines before, extent, needed characters) is worked out here, once, so that runs (the pre-commit hook) need not parse regexes.
  const facts = builtFacts(rules);
  const fields = new Set<string>();
  const heads: Partial<RuleSpec>[] = [];
  const lines = rules.map((rule, i) => {
    const head: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rule)) {
      if ((TEXT_FIELDS as readonly string[]).includes(k)) continue;
      if (HEAD_FIELDS.includes(k)) head[k] = v;
      else (rest[k] = v), fields.add(k);
    }
    texts[rule.id] = Object.fromEntries(TEXT_FIELDS.map((f) => [f, rule[f]])) as RuleTexts;
    heads.push(head);
    return asciiJson([rest, factsAt(facts, i)]);
  });
  // Ties the texts file to this bundle (readTexts does not use another's), and the same texts give the same files.
  // (node:crypto loaded here, at build time: the hook that reads the bundle never loads it.)
  const build = sha256Hex(JSON.stringify(texts));
  fs.writeFileSync(textsPath(file), asciiJson({ build, texts }));
  const at = [0];
  for (const line of lines) at.push(at.at(-1)! + line.length + 1);
  const head = asciiJson({ stamps: stamps(dir), build, fields: [...fields].sort(), rules: heads, at });
  fs.writeFileSync(file, `${head}\n${lines.map((l) => `${l}\n`).join('')}`);
}

/**
 * The prototype of the bundle's rules: a getter for each field past the head, which reads the rule's line (`body`,
 * once per rule) and returns its own, by id; the same for the texts (`load`, once for all). The rules' own
 * properties are their heads; a copy that should keep the rest keeps the prototype (see `withPrototype`), or takes
 * it all as its own (`detectionFields`).
 */
function rulePrototype(fields: readonly string[], body: (id: string) => Body, load: () => Record<string, RuleTexts>): object {
  const proto = {};
  for (const field of fields)
    Object.defineProperty(proto, field, {
      enumerable: false,
      get(this: RuleSpec) {
        return (body(this.id)[0] as Record<string, unknown>)[field];
      },
    });
  Object.defineProperty(proto, RULE_BODY, {
    get(this: RuleSpec) {
      return body(this.id)[0];
    },
  });
  Object.defineProperty(proto, BUILT_FACTS, {
    get(this: RuleSpec) {
      return body(this.id)[1];
    },
  });
  let texts: Record<string, RuleTexts> | undefined;
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
