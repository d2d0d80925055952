import { Detector } from '../detect/detector.js';
import { compileRule } from './compile-rule.js';
import type { CompiledRule, RuleSpec } from './rule-types.js';
import type { Fragment } from '../sources/fragment.js';

export interface ExampleFailure {
  ruleId: string;
  source: string;
  kind: 'match' | 'clean';
  example: string;
  message: string;
}

/** A path the rule applies to, so that path-restricted rules can run their examples. */
function examplePath(spec: RuleSpec): string {
  const glob = spec.paths?.[0];
  if (!glob) return 'example.txt';
  return glob.replace(/\*\*\//g, '').replace(/\*/g, 'example').replace(/[{}]/g, '').split(',')[0]!;
}

/**
 * The windowed run found nothing: say why. The regex itself may not match; or it matches but none of the rule's
 * keywords is in the example (a spelling without a keyword); or a keyword is only off the match's lines.
 */
function whyNoMatch(rule: CompiledRule, whole: Detector, fragment: Fragment): string {
  if (whole.detect(fragment).candidates.length > 0)
    return 'no keyword on the lines of the match: the regex runs only on lines that hold a keyword (put one there, or set keywordScope: file)';
  rule.regex.lastIndex = 0;
  if (rule.spec.regex !== undefined && rule.regex.test(fragment.text))
    return `none of the keywords (${rule.spec.keywords.join(', ')}) is in the example: the regex runs only where one occurs (add one for this spelling)`;
  return 'the regex did not match';
}

/** Runs every rule's own examples: each `match` must fire, each `clean` must not. */
export function checkRuleExamples(specs: RuleSpec[]): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const spec of specs) {
    if (spec.regex === undefined && spec.file === undefined) continue;
    const rule = compileRule(spec);
    const detector = new Detector([rule]);
    const whole = new Detector([rule], { windows: false });
    const where = `${spec.source.file}:${spec.source.line ?? 0}`;
    const path = examplePath(spec);
    // A whole-file rule's examples are base64 file contents, checked as (binary) files at one of its paths.
    const fragment = (example: string): Fragment =>
      spec.file === undefined ? { path, text: example } : { path, text: '', bytes: Buffer.from(example, 'base64'), binary: true };
    for (const example of spec.examples.match) {
      const { candidates, dropped } = detector.detect(fragment(example));
      if (candidates.length === 0)
        failures.push({ ruleId: spec.id, source: where, kind: 'match', example, message: dropped.length ? `dropped: ${dropped.map((d) => `${d.reason} (${d.detail})`).join(', ')}` : whyNoMatch(rule, whole, fragment(example)) });
    }
    for (const example of spec.examples.clean) {
      const { candidates } = detector.detect(fragment(example));
      if (candidates.length > 0) failures.push({ ruleId: spec.id, source: where, kind: 'clean', example, message: `reported ${candidates.length} finding(s)` });
    }
  }
  return failures;
}
