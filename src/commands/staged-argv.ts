import type { StagedCommandOptions } from './staged.js';

/** The reporter registry's format names (a test keeps them equal), so that the reporters load only when they report. */
export const FORMAT_NAMES = ['pretty', 'json', 'sarif', 'github', 'gitlab'];

// The `keyward staged` options (see addReportOptions and the staged command in program.ts).
const OPTIONS: Record<string, 'string' | 'boolean'> = {
  format: 'string',
  output: 'string',
  'no-color': 'boolean',
  'no-redact': 'boolean',
  quiet: 'boolean',
  debug: 'boolean',
  config: 'string',
  baseline: 'string',
  'max-file-size': 'string',
};
const SHORT: Record<string, string> = { f: 'format', o: 'output', q: 'quiet', c: 'config' };

/**
 * `keyward staged …` without commander: the pre-commit hook pays for every module it loads, and commander is
 * one of the larger ones (node's own `parseArgs` cost ~1 ms more, its first use loading its module). Returns
 * exactly what commander would hand the staged command, or undefined for any argv this parser does not vouch
 * for (another command, --help, `--`, an unknown or doubtful option, a value that looks like an option, an
 * unknown format): commander then parses it and says what is wrong.
 */
export function parseStagedArgv(argv: string[]): { files: string[]; opts: StagedCommandOptions } | undefined {
  if (argv[0] !== 'staged' || argv.includes('--')) return undefined;
  const parsed = parseOptions(argv.slice(1));
  if (!parsed) return undefined;
  const { strings: v, flags } = parsed;
  const format = v.format ?? 'pretty';
  if (!FORMAT_NAMES.includes(format)) return undefined;
  const opts: StagedCommandOptions = { format, color: !flags.has('no-color'), redact: !flags.has('no-redact') };
  if (v.output !== undefined) opts.output = v.output;
  if (flags.has('quiet')) opts.quiet = true;
  if (flags.has('debug')) opts.debug = true;
  if (v.config !== undefined) opts.config = v.config;
  if (v.baseline !== undefined) opts.baseline = v.baseline;
  if (v['max-file-size'] !== undefined) opts.maxFileSize = v['max-file-size'];
  return { files: parsed.positionals, opts };
}

/**
 * `--name`, `--name=value`, `--name value`, `-x`, `-xvalue`, `-x value` and grouped short flags (`-qf json`);
 * a later value wins. Undefined for an unknown option, a flag given a value, a missing value, or a value or
 * file name that starts with '-' (the two parsers could read those differently).
 */
function parseOptions(args: string[]): { strings: Record<string, string | undefined>; flags: Set<string>; positionals: string[] } | undefined {
  const strings: Record<string, string | undefined> = {};
  const flags = new Set<string>();
  const positionals: string[] = [];
  let i = 0;
  // Option `name` (undefined: none of ours), with the value written into its argument (`inline`) or else the next one.
  const take = (name: string | undefined, inline: string | undefined): boolean => {
    if (name === undefined || !Object.hasOwn(OPTIONS, name)) return false;
    if (OPTIONS[name] === 'boolean') {
      if (inline !== undefined) return false;
      flags.add(name);
      return true;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith('-')) return false;
    strings[name] = value;
    return true;
  };
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) positionals.push(arg);
    else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (!take(eq === -1 ? arg.slice(2) : arg.slice(2, eq), eq === -1 ? undefined : arg.slice(eq + 1))) return undefined;
    } else {
      if (arg.length === 1) return undefined;
      // Short flags in a group; a short option with a value takes the rest of the group, else the next argument.
      for (let j = 1; j < arg.length; j++) {
        const name = Object.hasOwn(SHORT, arg[j]!) ? SHORT[arg[j]!] : undefined;
        const valued = name !== undefined && OPTIONS[name] === 'string';
        if (!take(name, valued && j + 1 < arg.length ? arg.slice(j + 1) : undefined)) return undefined;
        if (valued) break;
      }
    }
  }
  return { strings, flags, positionals };
}
