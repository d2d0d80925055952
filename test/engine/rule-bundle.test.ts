import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { builtinRulesDir, loadRulesDir } from '../../src/engine/load-rules.js';
import { detectionFields, readBundle, writeBundle } from '../../src/engine/rule-bundle.js';
import type { RuleSpec } from '../../src/engine/rule-types.js';
import { lineSpan, ruleLineSpan, ruleNeeds, ruleRun } from '../../src/engine/line-local.js';
import { requiredChars, requiredRun } from '../../src/engine/required-chars.js';
import { tmpDir } from '../helpers/tmp.js';

/** The rules as plain objects: what they read through the bundle's prototype (fields past the head, texts) as their own. */
const withTexts = (specs: RuleSpec[] | undefined) =>
  specs?.map((s) => ({ ...detectionFields(s), title: s.title, description: s.description, remediation: s.remediation, examples: s.examples, source: s.source }));

/** One fact of every rule, as the build wrote it: the second element of each rule's line (after the first line). */
function builtFact(bundle: string, fact: string): unknown[] {
  const lines = fs.readFileSync(bundle, 'latin1').split('\n').slice(1, -1);
  return lines.map((l) => (JSON.parse(l) as [unknown, Record<string, unknown>])[1][fact] ?? null);
}

function rulesCopy(): { dir: string; bundle: string } {
  const root = tmpDir();
  const dir = path.join(root, 'rules');
  fs.cpSync(builtinRulesDir(), dir, { recursive: true });
  return { dir, bundle: path.join(root, 'rules.json') };
}

describe('precompiled rule bundle', () => {
  it('gives the same rules as parsing the YAML files', () => {
    const { dir, bundle } = rulesCopy();
    writeBundle(dir, loadRulesDir(dir), bundle);
    expect(withTexts(readBundle(dir, bundle))).toEqual(loadRulesDir(dir));
  });

  it('is written in ASCII, and text past ASCII (the rules have some, an emoji too) reads back the same', () => {
    const { dir, bundle } = rulesCopy();
    const rules = loadRulesDir(dir);
    rules[0] = { ...rules[0]!, description: `${rules[0]!.description} — ✓ 🔑 naïve` };
    expect(JSON.stringify(rules.slice(1))).toMatch(/[^\x00-\x7f]/);
    writeBundle(dir, rules, bundle);
    expect(fs.readFileSync(bundle, 'latin1')).not.toMatch(/[^\x00-\x7f]/);
    expect(fs.readFileSync(bundle.replace(/\.json$/, '-text.json'), 'latin1')).not.toMatch(/[^\x00-\x7f]/);
    expect(withTexts(readBundle(dir, bundle))).toEqual(rules);
    // A bundle in UTF-8 (an older build's) is not read as latin1: the rules then come from the YAML.
    fs.writeFileSync(bundle, fs.readFileSync(bundle, 'latin1').replace('"build"', '"\u2014build"'));
    expect(readBundle(dir, bundle)).toBeUndefined();
  });

  it('keeps the texts a clean run never reads out of the bundle, and reads them on first use', () => {
    const { dir, bundle } = rulesCopy();
    const yaml = loadRulesDir(dir);
    writeBundle(dir, yaml, bundle);
    const parsed = fs.readFileSync(bundle, 'latin1');
    expect(parsed).not.toContain(JSON.stringify(yaml[0]!.title));
    expect(parsed).not.toContain('"remediation"');
    const specs = readBundle(dir, bundle)!;
    expect(Object.keys(specs[0]!)).not.toContain('title');
    expect(specs[0]!.title).toBe(yaml[0]!.title);
    expect(specs.at(-1)!.remediation).toEqual(yaml.at(-1)!.remediation);
  });

  it('is the same, byte for byte, when built again from the same rules', () => {
    const { dir, bundle } = rulesCopy();
    const again = bundle.replace(/rules\.json$/, 'again.json');
    writeBundle(dir, loadRulesDir(dir), bundle);
    writeBundle(dir, loadRulesDir(dir), again);
    expect(fs.readFileSync(again)).toEqual(fs.readFileSync(bundle));
    expect(fs.readFileSync(again.replace(/\.json$/, '-text.json'))).toEqual(fs.readFileSync(bundle.replace(/\.json$/, '-text.json')));
  });

  it('takes the texts from the YAML when the texts file is gone or from another build', () => {
    const { dir, bundle } = rulesCopy();
    const yaml = loadRulesDir(dir);
    const texts = bundle.replace(/\.json$/, '-text.json');
    // Another build's texts, with other titles: never shown for these rules.
    writeBundle(dir, yaml.map((r) => ({ ...r, title: `old ${r.title}` })), bundle);
    const old = fs.readFileSync(texts);
    writeBundle(dir, yaml, bundle);
    fs.writeFileSync(texts, old);
    expect(readBundle(dir, bundle, { loadYaml: loadRulesDir })![0]!.title).toBe(yaml[0]!.title);
    fs.rmSync(texts);
    expect(withTexts(readBundle(dir, bundle, { loadYaml: loadRulesDir }))).toEqual(yaml);
    // Without the YAML to fall back on, a missing text is an error, never an empty title.
    expect(() => readBundle(dir, bundle)![0]!.title).toThrow(/no texts in the rule bundle/);
  });

  it("carries each rule's line span from the build, the same the regex gives when parsed at run time", () => {
    const { dir, bundle } = rulesCopy();
    writeBundle(dir, loadRulesDir(dir), bundle);
    const built = builtFact(bundle, 'span') as (number | null)[];
    const specs = readBundle(dir, bundle)!;
    expect(built).toHaveLength(specs.length);
    specs.forEach((s, i) => {
      const parsed = s.regex === undefined || s.keywordScope === 'file' ? undefined : lineSpan(s.regex, s.flags ?? '', s.keywords);
      expect(built[i] ?? undefined, s.id).toBe(parsed);
      expect(ruleLineSpan(s), s.id).toBe(parsed);
    });
  });

  it.each([
    {
      fact: 'needs',
      what: 'needed characters',
      some: (x: unknown) => (x as unknown[]).length > 0,
      least: 100,
      fromRegex: (s: RuleSpec) => (ruleLineSpan(s) === undefined ? [] : requiredChars(s.regex!, s.flags ?? '', s.keywords)),
      fromBuiltIn: (x: unknown) => x,
      atRunTime: (s: RuleSpec): unknown => ruleNeeds(s),
    },
    {
      fact: 'run',
      what: 'needed run',
      some: (x: unknown) => x !== null,
      least: 200,
      fromRegex: (s: RuleSpec) => (ruleLineSpan(s) === undefined ? undefined : requiredRun(s.regex!, s.flags ?? '')),
      fromBuiltIn: (x: unknown) => x ?? undefined,
      atRunTime: (s: RuleSpec): unknown => ruleRun(s),
    },
  ])("carries each windowed rule's $what from the build, the same its regex gives", ({ fact, some, least, fromRegex, fromBuiltIn, atRunTime }) => {
    const { dir, bundle } = rulesCopy();
    writeBundle(dir, loadRulesDir(dir), bundle);
    const built = builtFact(bundle, fact);
    const specs = readBundle(dir, bundle)!;
    expect(built).toHaveLength(specs.length);
    expect(built.filter(some).length).toBeGreaterThan(least);
    specs.forEach((s, i) => {
      const parsed = fromRegex(s);
      expect(fromBuiltIn(built[i]), s.id).toEqual(parsed);
      expect(atRunTime(s), s.id).toEqual(parsed);
    });
  });

  it('is ignored once a rule file changes, is added or is removed', () => {
    const { dir, bundle } = rulesCopy();
    writeBundle(dir, loadRulesDir(dir), bundle);
    const [first] = fs.readdirSync(dir).sort();
    fs.appendFileSync(path.join(dir, first!), '\n# edited\n');
    expect(readBundle(dir, bundle)).toBeUndefined();
    writeBundle(dir, loadRulesDir(dir), bundle);
    fs.writeFileSync(path.join(dir, 'zz-new.yaml'), 'rules: []\n');
    expect(readBundle(dir, bundle)).toBeUndefined();
    fs.rmSync(path.join(dir, 'zz-new.yaml'));
    expect(readBundle(dir, bundle)).toBeDefined();
  });

  it('is still used when a rule file was touched but its bytes are the same (a fresh checkout, an npm install)', () => {
    const { dir, bundle } = rulesCopy();
    writeBundle(dir, loadRulesDir(dir), bundle);
    const [first] = fs.readdirSync(dir).sort();
    fs.utimesSync(path.join(dir, first!), new Date(499162500000), new Date(499162500000));
    expect(withTexts(readBundle(dir, bundle))).toEqual(loadRulesDir(dir));
  });

  it("parses a rule's line only when a field past its head is first read, and then once", () => {
    const { dir, bundle } = rulesCopy();
    const yaml = loadRulesDir(dir);
    writeBundle(dir, yaml, bundle);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const specs = readBundle(dir, bundle)!;
      expect(parse).toHaveBeenCalledTimes(1); // the first line
      expect(specs.map((s) => [s.id, s.kind, s.keywords])).toEqual(yaml.map((s) => [s.id, s.kind, s.keywords]));
      expect(parse).toHaveBeenCalledTimes(1);
      const i = yaml.findIndex((s) => s.allow !== undefined && s.regex !== undefined);
      expect(specs[i]!.regex).toBe(yaml[i]!.regex);
      expect(specs[i]!.allow).toEqual(yaml[i]!.allow);
      expect(ruleLineSpan(specs[i]!)).toBe(ruleLineSpan(yaml[i]!));
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('gives a worker thread every detection field of a rule: a structured clone keeps what detectionFields returns', () => {
    const { dir, bundle } = rulesCopy();
    const yaml = loadRulesDir(dir);
    writeBundle(dir, yaml, bundle);
    const specs = readBundle(dir, bundle)!;
    const noTexts = (s: RuleSpec) => Object.fromEntries(Object.entries(s).filter(([k]) => !['title', 'description', 'remediation', 'examples', 'source'].includes(k)));
    // What a structured clone of the rule itself would lose: all but the head.
    expect(Object.keys(structuredClone(specs[0]!)).sort()).toEqual(Object.keys(specs[0]!).sort());
    expect(specs.map((s) => structuredClone(detectionFields(s)))).toEqual(yaml.map(noTexts));
  });

  it('is not used when cut short', () => {
    const { dir, bundle } = rulesCopy();
    writeBundle(dir, loadRulesDir(dir), bundle);
    const bytes = fs.readFileSync(bundle);
    fs.writeFileSync(bundle, bytes.subarray(0, bytes.length - 10));
    expect(readBundle(dir, bundle)).toBeUndefined();
    fs.writeFileSync(bundle, bytes.subarray(0, bytes.indexOf(10)));
    expect(readBundle(dir, bundle)).toBeUndefined();
  });

  it('is ignored when missing or unreadable', () => {
    const { dir, bundle } = rulesCopy();
    expect(readBundle(dir, bundle)).toBeUndefined();
    fs.writeFileSync(bundle, '{not json');
    expect(readBundle(dir, bundle)).toBeUndefined();
  });

  it('is built by npm run build for the shipped rules', () => {
    expect(fs.existsSync(path.join(builtinRulesDir(), '..', 'dist', 'rules.json'))).toBe(true);
    expect(withTexts(readBundle(builtinRulesDir(), path.join(builtinRulesDir(), '..', 'dist', 'rules.json')))).toEqual(loadRulesDir(builtinRulesDir()));
  });
});
