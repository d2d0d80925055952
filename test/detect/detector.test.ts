import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { defaultConfig } from '../../src/config/config.js';
import { resolveRules } from '../../src/engine/rule-set.js';
import { fake, randomChars } from '../helpers/fake-keys.js';

const detector = new Detector(resolveRules(defaultConfig()));
const detect = (text: string, path = 'file.txt') => detector.detect({ path, text });

describe('detector', () => {
  it('finds sk-, sk-sub- and sk_live_ keys with exact positions', () => {
    const sk = fake.sk();
    const sub = fake.skSub();
    const live = fake.stripeLive();
    const text = `first line\nA=${sk}\n  b: "${sub}"\nSTRIPE=${live}\n`;
    const found = detect(text).candidates.map((c) => [c.rule.spec.id, c.secret, c.line, c.column, c.endLine, c.endColumn]);
    expect(found).toEqual([
      ['sk-standard-key', sk, 2, 3, 2, 2 + sk.length],
      ['sk-subscription-key', sub, 3, 7, 3, 6 + sub.length],
      ['stripe-live-secret-key', live, 4, 8, 4, 7 + live.length],
    ]);
  });

  it('reports the right line and column in CRLF text', () => {
    const sk = fake.sk();
    const text = `import os\r\n\r\nkey = "${sk}"\r\n`;
    const [c] = detect(text).candidates;
    expect([c?.line, c?.column, c?.lineText]).toEqual([3, 8, `key = "${sk}"`]);
  });

  it('finds a key at the end of a long minified line at the exact column', () => {
    const filler = 'var a=function(b){return b+1};'.repeat(700);
    const sk = fake.sk();
    const [c] = detect(`${filler}window.k="${sk}";`).candidates;
    expect(c?.line).toBe(1);
    expect(c?.column).toBe(filler.length + 'window.k="'.length + 1);
  });

  it.each([
    'sk-your-api-key',
    'sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'sk-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    'sk-abc123...',
    'sk_live_abc123',
    'your_api_key_here',
    'your-api-key-here',
    '${OPENAI_API_KEY}',
    '{{ .Values.openaiKey }}',
    '<your-token>',
    'sk-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'sk-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV',
    'sk-0123456789012345678901234567890123456789',
  ])('does not report the documentation placeholder %s', (value) => {
    expect(detect(`OPENAI_API_KEY=${value}\nkey: "${value}"\n`).candidates).toEqual([]);
  });

  it.each(['task', 'disk', 'mask', 'risk'])('does not fire inside the word %s-', (word) => {
    expect(detect(`id = "${word}-${randomChars(40)}"`).candidates).toEqual([]);
  });

  it('says why a candidate was dropped', () => {
    const sk = fake.sk();
    const r = detect(`KEY=${sk} # keyward:allow\nKEY=sk-${'ab'.repeat(20)}\n`);
    expect(r.candidates).toEqual([]);
    expect(r.dropped.map((d) => d.reason).sort()).toEqual(['allow-comment', 'low-entropy']);
  });

  it('honours allow-next-line and other tools\' markers', () => {
    const text = `# keyward:allow-next-line\nA=${fake.sk()}\nB=${fake.sk()} # gitleaks:allow\nC=${fake.sk()} # pragma: allowlist secret\nD=${fake.sk()}\n`;
    expect(detect(text).candidates.map((c) => c.line)).toEqual([5]);
  });

  it('finds a multi-line private key block', () => {
    const pem = fake.pem();
    const [c] = detect(`header\n${pem}\n`).candidates;
    expect([c?.rule.spec.id, c?.line, c?.endLine]).toEqual(['private-key', 2, 9]);
  });

  it('reports only lines listed in the fragment line filter', () => {
    const text = `A=${fake.sk()}\nB=${fake.sk()}\n`;
    const r = detector.detect({ path: 'f', text, lines: new Set([2]) });
    expect(r.candidates.map((c) => c.line)).toEqual([2]);
    expect(r.dropped.map((d) => d.reason)).toEqual(['not-added-line']);
  });
});
