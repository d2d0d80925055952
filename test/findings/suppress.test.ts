import { describe, expect, it } from 'vitest';
import { baselineEntries, formatBaseline } from '../../src/findings/baseline.js';
import type { RawFinding } from '../../src/findings/finding.js';
import { fingerprint } from '../../src/findings/fingerprint.js';
import type { IgnoreEntry } from '../../src/findings/ignore-file.js';
import { applySuppressions } from '../../src/findings/suppress.js';
import { fake } from '../helpers/fake-keys.js';

function finding(secret: string, file = 'a.txt', line = 1, ruleId = 'sk-standard-key'): RawFinding {
  return { ruleId, title: 't', kind: 'secret', severity: 'high', provider: 'p', file, line, column: 1, endLine: line, endColumn: 10, secret, commit: null, author: null, email: null, date: null, removed: null, pushed: null, remediation: ['Revoke it.'] };
}

const entry = (secret: string, extra: Partial<IgnoreEntry> = {}): [string, IgnoreEntry] => {
  const fp = fingerprint('sk-standard-key', secret);
  return [fp, { fingerprint: fp, reason: 'test', line: 2, ...extra }];
};

describe('suppressing findings', () => {
  it('drops an ignored secret wherever it is, and keeps other secrets', () => {
    const [kept, ignored] = [fake.sk(), fake.sk()];
    const s = { today: '2026-11-22', ignore: { file: '.keywardignore.yaml', entries: new Map([entry(ignored)]) } };
    const out = applySuppressions([finding(ignored, 'a.txt', 3), finding(ignored, 'b/c.txt', 90), finding(kept, 'a.txt', 3)], s);
    expect(out.kept.map((f) => f.secret)).toEqual([kept]);
    expect(out.dropped.map((d) => [d.file, d.reason])).toEqual([['a.txt', 'ignored'], ['b/c.txt', 'ignored']]);
  });

  it('does not match the same secret under another rule', () => {
    const secret = fake.sk();
    const s = { today: '2026-11-22', ignore: { file: 'f', entries: new Map([entry(secret)]) } };
    expect(applySuppressions([finding(secret, 'a.txt', 1, 'sk-subscription-key')], s).kept).toHaveLength(1);
  });

  it('treats an entry as expired from its expiry day on', () => {
    const secret = fake.sk();
    const s = (today: string) => ({ today, ignore: { file: 'f', entries: new Map([entry(secret, { expires: '2026-11-22' })]) } });
    expect(applySuppressions([finding(secret)], s('2026-11-21')).kept).toHaveLength(0);
    const out = applySuppressions([finding(secret)], s('2026-11-22'));
    expect(out.kept).toHaveLength(1);
    expect(out.kept[0]!.remediation[0]).toMatch(/^The ignore entry for fingerprint [0-9a-f]{32} in f expired on 2026-11-22/);
    expect(out.kept[0]!.remediation[1]).toBe('Revoke it.');
    expect(out.notes).toHaveLength(1);
  });

  it('builds the same baseline text whatever the order and lines of the findings', () => {
    const [a, b] = [fake.sk(), fake.sk()];
    const one = formatBaseline(baselineEntries([finding(a, 'x.txt', 1), finding(b, 'y.txt', 5), finding(a, 'w.txt', 9)]));
    const two = formatBaseline(baselineEntries([finding(a, 'w.txt', 40), finding(a, 'x.txt', 2), finding(b, 'y.txt', 1), finding(b, 'y.txt', 7)]));
    expect(two).toBe(one);
    expect(one).not.toContain(a);
  });
});
