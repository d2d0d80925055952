import { UsageError } from '../errors.js';
import { githubReporter } from './github.js';
import { gitlabReporter } from './gitlab.js';
import { jsonReporter } from './json.js';
import { prettyReporter } from './pretty.js';
import { sarifReporter } from './sarif.js';
import type { Reporter } from './types.js';

/** Every output format, by name. Add a reporter here and it becomes a valid --format. */
export const REPORTERS: Record<string, Reporter> = {
  pretty: prettyReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
  gitlab: gitlabReporter,
};

export const FORMATS = Object.keys(REPORTERS);

export function getReporter(name: string): Reporter {
  const r = REPORTERS[name];
  if (!r) throw new UsageError(`unknown format "${name}"`, `valid formats: ${FORMATS.join(', ')}`);
  return r;
}
