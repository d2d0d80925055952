import fs from 'node:fs';
import { ConfigError, UsageError, type Problem } from '../errors.js';
import { parseYaml, type YamlSource } from '../engine/yaml-source.js';
import { suggest } from '../config/suggest.js';
import { redact } from './redact.js';

/** Lives at the repository root (or the scan root outside a repository), next to .keyward.yaml. */
export const IGNORE_FILE = '.keywardignore.yaml';

export const FINGERPRINT_RE = /^[0-9a-f]{32}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const ENTRY_KEYS = ['reason', 'expires', 'added', 'by', 'rule'];

/** One ignored finding, keyed by its fingerprint (a hash of rule id + secret: never the secret). */
export interface IgnoreEntry {
  fingerprint: string;
  reason: string;
  /** YYYY-MM-DD: from this day on (UTC) the finding is reported again. */
  expires?: string;
  /** YYYY-MM-DD the entry was written. */
  added?: string;
  /** Who wrote it (git user.name). */
  by?: string;
  /** The rule id, informational. */
  rule?: string;
  /** Line of the entry in the file, for messages. */
  line: number;
}

/** A calendar date YYYY-MM-DD that exists. */
export function isDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Today as YYYY-MM-DD in UTC. Worked out from the epoch milliseconds: the first Date a process formats costs
 * ~0.9 ms (V8 sets up its date cache), and every pre-commit hook run asks once, for the ignore file's expiry dates.
 */
export function today(now: Date | number = Date.now()): string {
  return utcDate(Math.floor(+now / 86_400_000));
}

/** The proleptic Gregorian date `days` after 1970-01-01, as YYYY-MM-DD (years 0-9999). */
function utcDate(days: number): string {
  // Eras of 400 years (146,097 days) counted from 0000-03-01, so that a leap day ends its year.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isExpired(entry: Pick<IgnoreEntry, 'expires'>, day: string): boolean {
  return entry.expires !== undefined && entry.expires <= day;
}

/** Reads and validates an ignore file; a missing file is an empty list. Problems name line, column and key path. */
export function loadIgnoreFile(file: string, displayAs = file): IgnoreEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UsageError(`cannot read ${displayAs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = parseYaml(displayAs, text);
  if (!parsed.source) throw new ConfigError(`invalid ignore file ${displayAs}`, parsed.problems, 'fix the YAML syntax; nothing was scanned');
  const problems: Problem[] = [];
  const entries = validateIgnoreFile(parsed.source, problems);
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  if (problems.length) throw new ConfigError(`invalid ignore file ${displayAs}`, problems, 'fix the ignore file; nothing was scanned');
  return entries;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function validateIgnoreFile(src: YamlSource, problems: Problem[]): IgnoreEntry[] {
  const data = src.data ?? {};
  if (!isObj(data)) {
    problems.push(src.problem([], 'must be a mapping with an "ignore" key'));
    return [];
  }
  for (const k of Object.keys(data)) if (k !== 'ignore') problems.push(src.problem([k], `unknown key "${k}"${suggest(k, ['ignore']) || ' (allowed: ignore)'}`, 'key'));
  const map = data.ignore ?? {};
  if (!isObj(map)) {
    problems.push(src.problem(['ignore'], 'must be a mapping of fingerprint to {reason, expires}'));
    return [];
  }
  const out: IgnoreEntry[] = [];
  for (const [fp, v] of Object.entries(map)) {
    const at = ['ignore', fp];
    if (!FINGERPRINT_RE.test(fp)) {
      // Never echo the key: someone may have pasted the secret instead of its fingerprint.
      problems.push({ ...src.problem(at, 'not a fingerprint: use the 32 hex characters keyward prints as "fingerprint", never the secret', 'key'), path: `ignore.${redact(fp)}` });
      continue;
    }
    if (!isObj(v)) {
      problems.push(src.problem(at, 'must be a mapping with at least "reason"'));
      continue;
    }
    const before = problems.length;
    for (const k of Object.keys(v)) if (!ENTRY_KEYS.includes(k)) problems.push(src.problem([...at, k], `unknown key "${k}"${suggest(k, ENTRY_KEYS) || ` (allowed: ${ENTRY_KEYS.join(', ')})`}`, 'key'));
    if (typeof v.reason !== 'string' || v.reason.trim() === '') problems.push(v.reason === undefined ? src.problem(at, 'needs a non-empty "reason": why this is not a live secret', 'key') : src.problem([...at, 'reason'], 'must be a non-empty string: why this is not a live secret'));
    for (const k of ['expires', 'added'] as const)
      if (v[k] !== undefined && (typeof v[k] !== 'string' || !isDate(v[k]))) problems.push(src.problem([...at, k], 'must be a date YYYY-MM-DD'));
    for (const k of ['by', 'rule'] as const) if (v[k] !== undefined && typeof v[k] !== 'string') problems.push(src.problem([...at, k], 'must be a string'));
    if (problems.length > before) continue;
    out.push({ fingerprint: fp, reason: v.reason as string, expires: v.expires as string | undefined, added: v.added as string | undefined, by: v.by as string | undefined, rule: v.rule as string | undefined, line: src.locate(at, 'key').line });
  }
  return out;
}
