import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Picomatch = typeof import('picomatch');
let picomatchLib: Picomatch | undefined;
/** Loaded on first use: the built-in rules' lists come from the build (below), and most configs have no globs. */
const picomatch = (): Picomatch => (picomatchLib ??= createRequire(import.meta.url)('picomatch') as Picomatch);

/** Bumped whenever the sources written change meaning: a file written by another build is then not read. */
const FORMAT = 1;

/** Where the build puts the regex sources of the built-in rules' path globs: beside dist/rules.json. */
export function defaultGlobCachePath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'globs.json');
}

/** The regex source that matches what any of `globs` matches (picomatch, `dot` and `nocase`), alternatives joined. */
export function globSource(globs: readonly string[]): string {
  return globs.map((g) => picomatch().makeRe(g, { dot: true, nocase: true }).source).join('|');
}

const keyOf = (globs: readonly string[]): string => JSON.stringify(globs);

/**
 * Writes the sources of these lists (the build: every path list of the built-in rules). A commit that touches a
 * test folder has a rule's test-folder list compiled: loading picomatch and making its regexes cost the hook
 * ~10 ms; reading this file ~0.2 ms.
 */
export function writeGlobCache(lists: readonly (readonly string[])[], file = defaultGlobCachePath()): void {
  const sources: Record<string, string> = {};
  for (const globs of lists) sources[keyOf(globs)] = globSource(globs);
  fs.writeFileSync(file, JSON.stringify({ format: FORMAT, sources }));
}

let loaded: Record<string, string> | null | undefined;

/**
 * The source the build wrote for exactly this list, or undefined (another list, no build, a damaged file). The
 * build's file is read once per process; another `file` (tests) at each call. An installed package's lists match as
 * the picomatch of its build made them, whichever picomatch npm installed beside it.
 */
export function cachedGlobSource(globs: readonly string[], file?: string): string | undefined {
  if (file === undefined && loaded === undefined) loaded = read(defaultGlobCachePath());
  const all = file === undefined ? loaded : read(file);
  const source = all?.[keyOf(globs)];
  return typeof source === 'string' ? source : undefined;
}

function read(file: string): Record<string, string> | null {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: number; sources?: Record<string, string> };
    return data.format === FORMAT && data.sources && typeof data.sources === 'object' ? data.sources : null;
  } catch {
    return null;
  }
}
