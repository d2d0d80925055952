import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { defaultConfig } from '../../src/config/config.js';
import { resolveRules } from '../../src/engine/rule-set.js';
import { B64URL, randomChars } from '../helpers/fake-keys.js';

const detector = new Detector(resolveRules(defaultConfig()));
const findings = (text: string, path = 'file.txt') => detector.detect({ path, text }).candidates.map((c) => c.rule.spec.id);
const HEX = '0123456789abcdef';
const B64 = B64URL.replace('-_', '+/');
const uuid = () => [8, 4, 4, 4, 12].map((n) => randomChars(n, HEX)).join('-');

describe('generic secret rules', () => {
  it('report a random value assigned to a secret name, quoted or not', () => {
    const value = randomChars(32);
    expect(findings(`PAYMENT_API_KEY="${value}"\n`)).toEqual(['generic-api-secret']);
    expect(findings(`PAYMENT_API_KEY=${value}\n`, '.env')).toEqual(['generic-api-secret-unquoted']);
    expect(findings(`db_password: "${randomChars(6)}9${randomChars(6)}"\n`, 'config.yaml')).toEqual(['generic-password']);
  });

  it('stay quiet on a package-lock.json integrity hash', () => {
    const lock = JSON.stringify({ packages: { 'node_modules/left-pad': { version: '1.3.0', resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz', integrity: `sha512-${randomChars(86, B64)}==` } } }, null, 2);
    expect(findings(lock, 'package-lock.json')).toEqual([]);
  });

  it('stay quiet on git SHAs, even under token-ish names', () => {
    const sha = randomChars(40, HEX);
    expect(findings(`commit: ${sha}\nGIT_SHA="${sha}"\ntoken_sha = "${sha}"\nsecret_hash: ${sha}\n`)).toEqual([]);
  });

  it('stay quiet on UUIDs used as identifiers', () => {
    const text = `"request_id": "${uuid()}"\ncredentialsId: '${uuid()}'\nclient_id = "${uuid()}"\nAPI_TOKEN_ID=${uuid()}\nsecret_id: ${uuid()}\n`;
    expect(findings(text)).toEqual([]);
  });

  it('stay quiet on data: URIs and base64 images', () => {
    const png = `data:image/png;base64,${randomChars(120, B64)}==`;
    expect(findings(`secret_image = "${png}"\n<img src="${png}">\nicon: ${png}\n`)).toEqual([]);
  });

  it('stay quiet on documentation placeholders and variable references', () => {
    const text = [
      'API_KEY="your_api_key_here"',
      'SECRET_KEY="${DJANGO_SECRET_KEY}"',
      'token: "{{ .Values.apiToken }}"',
      'api_token: <your-token>',
      'access_key = process.env.OPENAI_API_KEY',
      'password = "password123"',
      '"token_type": "access_token"',
    ].join('\n');
    expect(findings(text)).toEqual([]);
  });
});

describe('generic secret rules in test fixtures and lockfiles', () => {
  it.each(['test/fixtures/config.json', 'src/__tests__/login.test.ts', 'pkg/auth/auth_test.go', 'yarn.lock'])('stay quiet in %s', (path) => {
    expect(findings(`PAYMENT_API_KEY="${randomChars(32)}"\ndb_password: "${randomChars(6)}9${randomChars(6)}"\n`, path)).toEqual([]);
  });

  it('still let specific rules fire in test fixtures', () => {
    expect(findings(`SENDGRID_API_KEY=SG.${randomChars(22)}.${randomChars(43)}\n`, 'test/fixtures/app.env')).toEqual(['sendgrid-api-key']);
  });
});
