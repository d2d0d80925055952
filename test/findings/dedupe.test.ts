import { describe, expect, it } from 'vitest';
import { dedupe } from '../../src/findings/pipeline.js';
import type { RawFinding } from '../../src/findings/finding.js';

const at = (ruleId: string, kind: RawFinding['kind'], severity: RawFinding['severity']): RawFinding => ({
  ruleId, title: ruleId, kind, severity, provider: 'p', file: 'web/firebase.ts', line: 3, column: 11, endLine: 3, endColumn: 49,
  secret: 'AIza-same-secret', commit: null, author: null, email: null, date: null, removed: null, pushed: null, remediation: [],
});

describe('dedupe', () => {
  it('keeps a public-by-design finding over a secret-shape finding for the same key at the same place', () => {
    for (const order of [[at('google-api-key', 'secret', 'medium'), at('firebase-web-api-key', 'public', 'info')], [at('firebase-web-api-key', 'public', 'info'), at('google-api-key', 'secret', 'medium')]])
      expect(dedupe(order).map((f) => f.ruleId)).toEqual(['firebase-web-api-key']);
  });

  it('still keeps a specific rule over a generic one, then the more severe', () => {
    expect(dedupe([at('generic-api-secret', 'secret', 'critical'), at('sendgrid-api-key', 'secret', 'high')]).map((f) => f.ruleId)).toEqual(['sendgrid-api-key']);
    expect(dedupe([at('a-rule', 'secret', 'low'), at('b-rule', 'secret', 'high')]).map((f) => f.ruleId)).toEqual(['b-rule']);
  });
});
