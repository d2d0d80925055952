import { describe, expect, it } from 'vitest';
import { today } from '../../src/findings/ignore-file.js';

describe('today (the date ignore entries expire against)', () => {
  it('is the UTC calendar date of every day from 1900 to 2300, as Date formats it', () => {
    const day = 86_400_000;
    for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2300, 0, 1); t += day) {
      expect(today(t)).toBe(new Date(t).toISOString().slice(0, 10));
      // The last millisecond of the day is still that day.
      expect(today(t + day - 1)).toBe(new Date(t).toISOString().slice(0, 10));
    }
  });

  it('takes leap days from the Gregorian rules (2000 has one, 1900 and 2100 do not)', () => {
    expect(today(Date.UTC(2000, 1, 29, 12))).toBe('2000-02-29');
    expect(today(Date.UTC(1900, 1, 28) + 86_400_000)).toBe('1900-03-01');
    expect(today(Date.UTC(2100, 1, 28) + 86_400_000)).toBe('2100-03-01');
  });

  it('accepts a Date, and is now by default', () => {
    expect(today(new Date('2026-11-23T23:59:59.999Z'))).toBe('2026-11-23');
    const before = new Date().toISOString().slice(0, 10);
    const got = today();
    const after = new Date().toISOString().slice(0, 10);
    expect([before, after]).toContain(got);
  });
});
