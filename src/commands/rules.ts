import path from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import { builtinRulesDir, loadRulesDir } from '../engine/load-rules.js';
import { checkRuleExamples, type ExampleFailure } from '../engine/rule-examples.js';
import type { RuleSpec } from '../engine/rule-types.js';
import type { Io } from '../io.js';

export interface RulesOptions {
  format: string;
  test?: boolean;
  /** A rules folder to list or test instead of the built-in one (for rule authors). */
  rulesDir?: string;
}

export const RULES_FORMATS = ['text', 'json'];

/** One catalogue entry as `--format json` prints it. */
export function ruleSummary(spec: RuleSpec) {
  return {
    id: spec.id,
    title: spec.title,
    provider: spec.provider,
    severity: spec.severity,
    kind: spec.kind,
    keywords: spec.keywords,
    revoke: spec.remediation.revoke ?? null,
    source: spec.source.file,
  };
}

/** A fixed-width table: id, provider, severity, kind. */
export function rulesTable(specs: RuleSpec[]): string {
  const rows = [['ID', 'PROVIDER', 'SEVERITY', 'KIND'], ...specs.map((s) => [s.id, s.provider, s.severity, s.kind])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd());
  return `${lines.join('\n')}\n${specs.length} rules\n`;
}

function failureLine(f: ExampleFailure): string {
  const shown = f.example.length > 80 ? `${f.example.slice(0, 77)}...` : f.example;
  return `FAIL ${f.ruleId} (${f.source}) ${f.kind} example ${JSON.stringify(shown)}: ${f.message}\n`;
}

/** `keyward rules`: lists the built-in catalogue; `--test` runs every rule's own examples. */
export async function rulesCommand(opts: RulesOptions, io: Io): Promise<ExitCode> {
  if (!RULES_FORMATS.includes(opts.format)) throw new UsageError(`unknown format "${opts.format}"`, `valid formats: ${RULES_FORMATS.join(', ')}`);
  const specs = loadRulesDir(opts.rulesDir ? path.resolve(io.cwd, opts.rulesDir) : builtinRulesDir());
  if (opts.test) return testRules(specs, opts, io);
  io.stdout.write(opts.format === 'json' ? `${JSON.stringify({ rules: specs.map(ruleSummary) }, null, 2)}\n` : rulesTable(specs));
  return ExitCode.Clean;
}

function testRules(specs: RuleSpec[], opts: RulesOptions, io: Io): ExitCode {
  const failures = checkRuleExamples(specs);
  const examples = specs.reduce((n, s) => n + s.examples.match.length + s.examples.clean.length, 0);
  if (opts.format === 'json') io.stdout.write(`${JSON.stringify({ rules: specs.length, examples, failures }, null, 2)}\n`);
  else {
    for (const f of failures) io.stdout.write(failureLine(f));
    const bad = new Set(failures.map((f) => f.ruleId)).size;
    io.stdout.write(failures.length ? `${bad} of ${specs.length} rules failed (${failures.length} examples)\n` : `ok: ${specs.length} rules, ${examples} examples passed\n`);
  }
  return failures.length ? ExitCode.Findings : ExitCode.Clean;
}
