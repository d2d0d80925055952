import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { isPkcs12 } from '../../src/detect/pkcs12.js';
import { compileRules } from '../../src/engine/compile-rule.js';
import { builtinRuleSpecs } from '../../src/engine/rule-set.js';
import { binaryFragment } from '../../src/sources/read-text.js';
import { knownPassword } from '../../src/detect/pkcs12-password.js';
import { hasOpenssl, pfxDer, realPkcs12 } from '../helpers/pkcs12.js';

const detector = new Detector(compileRules(builtinRuleSpecs().filter((r) => r.id === 'pkcs12-key-store')));
const both = new Detector(compileRules(builtinRuleSpecs().filter((r) => r.id.startsWith('pkcs12-'))));

describe('recognising a PKCS#12 key store by its bytes', () => {
  it('recognises a key store written by openssl and the bare DER shape', () => {
    expect(isPkcs12(realPkcs12())).toBe(true);
    expect(isPkcs12(pfxDer())).toBe(true);
  });

  it('rejects empty, text, truncated, padded and wrong-version content', () => {
    const real = realPkcs12();
    expect(isPkcs12(Buffer.alloc(0))).toBe(false);
    expect(isPkcs12(Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n'))).toBe(false);
    expect(isPkcs12(real.subarray(0, 200))).toBe(false);
    expect(isPkcs12(Buffer.concat([real, Buffer.from('\n')]))).toBe(false);
    expect(isPkcs12(pfxDer({ version: 1 }))).toBe(false);
  });
});

describe('the pkcs12-key-store rule', () => {
  it('reports a .p12 or .pfx file once, as a whole-file finding keyed by its content hash', () => {
    const bytes = realPkcs12();
    const [a, ...more] = detector.detect(binaryFragment('certs/signing.p12', bytes)).candidates;
    expect(more).toEqual([]);
    expect(a).toMatchObject({ line: 0, column: 0, endLine: 0, endColumn: 0 });
    expect(a!.secret).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a!.shown).toMatch(/^PKCS#12 file, sha256:[0-9a-f]{12}…$/);
    const b = detector.detect(binaryFragment('backup/store.pfx', bytes)).candidates[0];
    expect(b!.secret).toBe(a!.secret);
  });

  it('does not look at other file names, nor at a text file named like a key store', () => {
    expect(detector.detect(binaryFragment('store.bin', realPkcs12())).candidates).toEqual([]);
    expect(detector.readsBinary('store.bin')).toBe(false);
    expect(detector.readsBinary('deep/dir/STORE.PFX')).toBe(true);
    expect(detector.detect({ path: 'x.p12', text: 'not a key store', bytes: Buffer.from('not a key store') }).candidates).toEqual([]);
    expect(detector.detect(binaryFragment('x.p12', Buffer.from('not a key store\0'))).candidates).toEqual([]);
  });
});

describe('opening a PKCS#12 store with a well-known password', () => {
  it.skipIf(!hasOpenssl)('opens stores that openssl wrote with notasecret, an empty password or changeit, and no other', () => {
    expect(knownPassword(realPkcs12('notasecret'))).toBe('notasecret');
    expect(knownPassword(realPkcs12(''))).toBe('');
    expect(knownPassword(realPkcs12('changeit'))).toBe('changeit');
    expect(knownPassword(realPkcs12())).toBeUndefined();
  });

  it('does not try a store with an absurd iteration count, nor one without a MAC it can read', () => {
    expect(knownPassword(pfxDer({ iterations: 2 ** 31 - 1 }))).toBeUndefined();
    expect(knownPassword(pfxDer())).toBeUndefined();
  });

  it.skipIf(!hasOpenssl)('reports a store that opens with a well-known password once, as critical, naming the password', () => {
    const { candidates } = both.detect(binaryFragment('gcp/service-account.p12', realPkcs12('notasecret')));
    expect(candidates.map((c) => [c.rule.spec.id, c.rule.spec.severity])).toEqual([
      ['pkcs12-key-store-known-password', 'critical'],
      ['pkcs12-key-store', 'high'],
    ]);
    expect(candidates[0]!.shown).toMatch(/^PKCS#12 file opening with the well-known password "notasecret", sha256:/);
    expect(candidates[0]!.secret).toBe(candidates[1]!.secret);
  });
});
