import { parseArgs } from 'node:util';
import type { StagedCommandOptions } from './staged.js';

/** The reporter registry's format names (a test keeps them equal), so that the reporters load only when they report. */
export const FORMAT_NAMES = ['pretty', 'json', 'sarif', 'github', 'gitlab'];

// The `keyward staged` options (see addReportOptions and the staged command in program.ts), for node's own parser.
const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'no-color': { type: 'boolean' },
  'no-redact': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  debug: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  baseline: { type: 'string' },
  'max-file-size': { type: 'string' },
} as const;

/**
 * `keyward staged …` without commander: the pre-commit hook pays for every module it loads, and commander is
 * one of the larger ones. Returns exactly what commander would hand the staged command, or undefined for any
 * argv this parser does not vouch for (another command, --help, `--`, an unknown or doubtful option, a value
 * that looks like an option, an unknown format): commander then parses it and says what is wrong.
 */
export function parseStagedArgv(argv: string[]): { files: string[]; opts: StagedCommandOptions } | undefined {
  if (argv[0] !== 'staged' || argv.includes('--')) return undefined;
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(1), options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch {
    return undefined;
  }
  // A value that starts with '-' is read differently by the two parsers: leave it to commander.
  if (parsed.tokens.some((t) => t.kind === 'option' && t.value?.startsWith('-'))) return undefined;
  if (parsed.positionals.some((p) => p.startsWith('-'))) return undefined;
  const v = parsed.values;
  const format = v.format ?? 'pretty';
  if (!FORMAT_NAMES.includes(format)) return undefined;
  const opts: StagedCommandOptions = { format, color: !v['no-color'], redact: !v['no-redact'] };
  if (v.output !== undefined) opts.output = v.output;
  if (v.quiet) opts.quiet = true;
  if (v.debug) opts.debug = true;
  if (v.config !== undefined) opts.config = v.config;
  if (v.baseline !== undefined) opts.baseline = v.baseline;
  if (v['max-file-size'] !== undefined) opts.maxFileSize = v['max-file-size'];
  return { files: parsed.positionals, opts };
}
