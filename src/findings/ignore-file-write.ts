import fs from 'node:fs';
import path from 'node:path';
import { isMap, parseDocument, YAMLMap } from 'yaml';
import type { IgnoreEntry } from './ignore-file.js';

// Only `keyward ignore` writes the file: scans never load the yaml Document API.

const HEADER = [
  ' Findings keyward ignores, keyed by fingerprint: a hash of the rule id and the secret, never the secret.',
  ' An entry keeps matching when the line moves or the file is renamed; a different secret is still reported.',
  ' Add or renew entries with: keyward ignore <fingerprint> --reason "…" [--expires YYYY-MM-DD]',
  ' List entries that match nothing: keyward ignore --unused',
].join('\n');

type Obj = Record<string, unknown>;

/**
 * Adds or replaces the entry for `entry.fingerprint`, keeping the file's comments and other entries,
 * entries sorted by fingerprint: two branches adding different entries touch different lines.
 */
export function writeIgnoreEntry(file: string, entry: Omit<IgnoreEntry, 'line'>): 'added' | 'updated' {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const doc = parseDocument(text.trim() ? text : 'ignore: {}\n');
  if (!text.trim()) doc.commentBefore = HEADER;
  let map = doc.get('ignore');
  if (!isMap(map)) doc.set('ignore', (map = new YAMLMap()));
  const m = map as YAMLMap;
  m.flow = false;
  const existed = m.has(entry.fingerprint);
  const value: Obj = { reason: entry.reason };
  for (const k of ['expires', 'added', 'by', 'rule'] as const) if (entry[k] !== undefined) value[k] = entry[k];
  m.set(entry.fingerprint, doc.createNode(value));
  const keyOf = (p: { key: unknown }) => String((p.key as { value?: unknown } | null)?.value ?? p.key);
  m.items.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, doc.toString({ lineWidth: 0 }));
  return existed ? 'updated' : 'added';
}
