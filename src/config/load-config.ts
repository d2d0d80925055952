import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, UsageError, type Problem } from '../errors.js';
import { parseYaml } from '../engine/yaml-source.js';
import type { Config } from './config.js';
import { validateConfig, type ValidateConfigOptions } from './validate-config.js';

export { suggest } from './suggest.js';

export const CONFIG_NAMES = ['.keyward.yaml', '.keyward.yml', 'keyward.config.yaml'];

/** Looks for a config file from `start` up to `stop` (the repository root), nearest first. */
export function findConfigFile(start: string, stop: string | undefined): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const f = path.join(dir, name);
      if (fs.existsSync(f)) return f;
    }
    const parent = path.dirname(dir);
    if (parent === dir || (stop && path.resolve(dir) === path.resolve(stop))) return undefined;
    dir = parent;
  }
}

/** Loads and validates a config file; all problems are reported at once with file:line:column. */
export function loadConfigFile(file: string, displayAs = file, opts: ValidateConfigOptions = {}): Config {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read config ${displayAs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = parseYaml(displayAs, text);
  if (!parsed.source) throw new ConfigError(`invalid config ${displayAs}`, parsed.problems, 'fix the YAML syntax; nothing was scanned');
  const problems: Problem[] = [];
  const config = validateConfig(parsed.source, problems, opts);
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  if (problems.length) throw new ConfigError(`invalid config ${displayAs}`, problems, 'fix the config file; nothing was scanned');
  return { ...config, file };
}
