import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { defaultConfig } from '../../src/config/config.js';
import { resolveRules } from '../../src/engine/rule-set.js';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { finalize, toRawFinding } from '../../src/findings/pipeline.js';
import { REDACT_MAX_PREFIX, redact } from '../../src/findings/redact.js';
import { decodeText } from '../../src/sources/read-text.js';
import { fake } from '../helpers/fake-keys.js';

const detector = new Detector(resolveRules(defaultConfig()));
// Bounded so the suite stays fast in CI; fast-check shrinks any failure to a minimal input.
const RUNS = { numRuns: 300, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}) };

/** Text that mixes arbitrary characters with pieces that exercise the rules. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('\n', '\r\n', '\r', '\0', 'sk-', 'sk_live_', '-----BEGIN RSA PRIVATE KEY-----', 'keyward:allow', '"', "'", '=', '\u2028', '\uFEFF'),
      fc.constantFrom(fake.sk(), fake.stripeLive(), fake.github(), fake.aws(), fake.pem()),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

function lineCount(text: string): number {
  return text.split('\n').length;
}

describe('detector properties', () => {
  it('never throws on arbitrary text, and every position lies inside the input', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const { candidates } = detector.detect({ path: 'f.txt', text });
        const lines = text.split('\n');
        for (const c of candidates) {
          expect(c.line).toBeGreaterThanOrEqual(1);
          expect(c.endLine).toBeGreaterThanOrEqual(c.line);
          expect(c.endLine).toBeLessThanOrEqual(lineCount(text));
          expect(c.column).toBeGreaterThanOrEqual(1);
          expect(c.column).toBeLessThanOrEqual(lines[c.line - 1]!.length);
          expect(c.endColumn).toBeLessThanOrEqual(lines[c.endLine - 1]!.length);
          expect(lines[c.line - 1]!.slice(c.column - 1).startsWith(c.secret.split('\n')[0]!)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary bytes decoded as a file would be', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        detector.detect({ path: 'f.bin', text: decodeText(Buffer.from(bytes)) });
      }),
      RUNS,
    );
  });

  it('finds the same secrets with the same fingerprints after lines move', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }).filter((s) => !/sk|[\r\n]/i.test(s)), { maxLength: 8 }), fc.nat(8), (filler, at) => {
        const sk = fake.sk();
        const before = [`KEY=${sk}`, ...filler].join('\n');
        const moved = [...filler.slice(0, at), `KEY=${sk}`, ...filler.slice(at)].join('\n');
        const fp = (text: string) =>
          finalize(detector.detect({ path: 'a', text }).candidates.map((c) => toRawFinding(c, { path: 'a', text })), { redact: true }).map((f) => f.fingerprint);
        expect(fp(moved)).toEqual(fp(before));
        expect(fp(before)).toEqual([fingerprint('sk-standard-key', sk)]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('redaction properties', () => {
  it('never reveals more than the allowed prefix', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (secret) => {
        const shown = redact(secret).replace(/\*+$/, '');
        expect(secret.startsWith(shown)).toBe(true);
        expect(shown.length).toBeLessThanOrEqual(Math.min(REDACT_MAX_PREFIX, Math.floor(secret.length / 4)));
      }),
      RUNS,
    );
  });

  it('leaves no secret in any redacted finding of arbitrary text', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const raw = detector.detect({ path: 'f', text }).candidates.map((c) => toRawFinding(c, { path: 'f', text }));
        const out = JSON.stringify(finalize(raw, { redact: true }));
        for (const r of raw) if (out.includes(r.secret.length > 16 ? r.secret : JSON.stringify(r.secret))) throw new Error(JSON.stringify({ text, out }));
      }),
      RUNS,
    );
  });
});
