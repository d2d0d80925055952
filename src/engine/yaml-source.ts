import { createRequire } from 'node:module';
import type { Document, Node } from 'yaml';
import type { Problem } from '../errors.js';

type YamlLib = typeof import('yaml');
let yamlLib: YamlLib | undefined;
/** The yaml library, loaded on first use: runs that read no YAML (rules come precompiled) skip its import cost. */
const yaml = (): YamlLib => (yamlLib ??= createRequire(import.meta.url)('yaml') as YamlLib);

/** A parsed YAML document that can say where any key path sits in the file. */
export interface YamlSource {
  file: string;
  data: unknown;
  /** Line/column of the node at `path` (e.g. ['rules', 2, 'regex']), or the nearest existing parent. */
  locate(path: (string | number)[], at?: 'key' | 'value'): { line: number; column: number };
  /** A Problem anchored at `path` (at the key itself with `at: 'key'`, e.g. for unknown keys). */
  problem(path: (string | number)[], message: string, at?: 'key' | 'value'): Problem;
}

export function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * Parses YAML; syntax errors come back as problems with line and column, never as a throw.
 */
export function parseYaml(file: string, text: string): { source?: YamlSource; problems: Problem[] } {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return { file, line: pos.line, column: pos.col, message: e.message.split('\n')[0] ?? e.message };
  });
  if (problems.length) return { problems };
  const locate = (path: (string | number)[], at: 'key' | 'value' = 'value') => locateIn(doc, path, lineCounter, at);
  return {
    problems,
    source: {
      file,
      data: doc.toJS({ maxAliasCount: 100 }),
      locate,
      problem(path, message, at) {
        const { line, column } = locate(path, at);
        return { file, line, column, path: formatPath(path) || undefined, message };
      },
    },
  };
}

function locateIn(doc: Document, path: (string | number)[], lc: InstanceType<YamlLib['LineCounter']>, at: 'key' | 'value'): { line: number; column: number } {
  const { isMap, isSeq } = yaml();
  let node: unknown = doc.contents;
  let best: Node | null = (doc.contents as Node | null) ?? null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      node = pair.value ?? pair.key;
      best = (at === 'key' ? (pair.key as Node | null) : null) ?? (pair.value as Node | null) ?? (pair.key as Node | null) ?? best;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!node) break;
      best = node as Node;
    } else break;
  }
  const offset = best?.range?.[0] ?? 0;
  const pos = lc.linePos(offset);
  return { line: pos.line, column: pos.col };
}
