import { describe, expect, it } from 'vitest';
import { REDACT_MAX_PREFIX, redact, redactIn } from '../../src/findings/redact.js';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { fake } from '../helpers/fake-keys.js';

describe('redaction', () => {
  it('keeps at most a short prefix and masks the rest', () => {
    const sk = fake.sk();
    const r = redact(sk);
    expect(r.startsWith(sk.slice(0, REDACT_MAX_PREFIX))).toBe(true);
    expect(r).not.toContain(sk.slice(REDACT_MAX_PREFIX, REDACT_MAX_PREFIX + 4));
  });

  it('shows at most a quarter of a short secret', () => {
    expect(redact('abcdefgh')).toBe('ab********');
  });

  it('masks the secret inside a line of code', () => {
    const sk = fake.sk();
    expect(redactIn(`key = "${sk}"`, sk)).toBe(`key = "${redact(sk)}"`);
  });
});

describe('fingerprint', () => {
  it('depends on rule and secret only', () => {
    const sk = fake.sk();
    expect(fingerprint('r', sk)).toBe(fingerprint('r', sk));
    expect(fingerprint('r', sk)).not.toBe(fingerprint('other', sk));
    expect(fingerprint('r', sk)).not.toContain(sk.slice(3, 12));
  });
});

describe('code frames', () => {
  it('mask the first line of a multi-line private key', async () => {
    const { finalize } = await import('../../src/findings/pipeline.js');
    const pem = fake.pem();
    const [f] = finalize(
      [{ ruleId: 'private-key', title: '', kind: 'secret', severity: 'high', provider: '', file: 'k', line: 1, column: 8, endLine: 8, endColumn: 1, secret: pem, lineText: `"key": ${pem.split('\n')[0]}`, commit: null, author: null, email: null, date: null, removed: null, pushed: null, remediation: [] }],
      { redact: true },
    );
    expect(f!.lineText).not.toContain('PRIVATE KEY');
  });
});
