import fs from 'node:fs';
import { ConfigError, UsageError, type Problem } from '../errors.js';
import { parseYaml } from '../engine/yaml-source.js';
import type { RawFinding } from './finding.js';
import { fingerprintOf } from './fingerprint.js';
import { FINGERPRINT_RE } from './ignore-file.js';

export const BASELINE_FILE = '.keyward-baseline.json';

/** One known secret: no line numbers, no timestamps, never the secret. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  paths: string[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Entries sorted by fingerprint, paths sorted and unique: the same findings always give the same entries. */
export function baselineEntries(findings: RawFinding[]): BaselineEntry[] {
  const byFp = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const fp = fingerprintOf(f);
    const e = byFp.get(fp) ?? { fingerprint: fp, ruleId: f.ruleId, paths: [] };
    if (!e.paths.includes(f.file)) e.paths.push(f.file);
    byFp.set(fp, e);
  }
  return [...byFp.values()].map((e) => ({ ...e, paths: e.paths.sort(cmp) })).sort((a, b) => cmp(a.fingerprint, b.fingerprint));
}

/** The file's text: byte-identical for the same set of secrets and paths, whatever their lines or scan order. */
export function formatBaseline(entries: BaselineEntry[]): string {
  return JSON.stringify({ version: 1, tool: 'keyward', findings: entries }, null, 2) + '\n';
}

/** The fingerprints in a baseline file. JSON is YAML, so problems get line and column from the YAML parser. */
export function loadBaseline(file: string, displayAs = file): Set<string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read baseline ${displayAs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'create it with `keyward baseline`');
  }
  const parsed = parseYaml(displayAs, text);
  if (!parsed.source) throw new ConfigError(`invalid baseline ${displayAs}`, parsed.problems, 'regenerate it with `keyward baseline`');
  const src = parsed.source;
  const problems: Problem[] = [];
  const data = src.data as { version?: unknown; findings?: unknown } | null;
  const out = new Set<string>();
  if (typeof data !== 'object' || data === null || data.version !== 1 || !Array.isArray(data.findings)) problems.push(src.problem([], 'not a keyward baseline: expected {"version": 1, "findings": […]}'));
  else
    data.findings.forEach((e: unknown, i) => {
      const fp = (e as { fingerprint?: unknown } | null)?.fingerprint;
      if (typeof fp === 'string' && FINGERPRINT_RE.test(fp)) out.add(fp);
      else problems.push(src.problem(['findings', i, 'fingerprint'], 'must be a fingerprint: 32 hex characters'));
    });
  if (problems.length) throw new ConfigError(`invalid baseline ${displayAs}`, problems, 'regenerate it with `keyward baseline`');
  return out;
}
