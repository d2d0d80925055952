import { describe, expect, it } from 'vitest';
import { fakeProvider as k } from '../helpers/fake-provider-keys.js';
import { runCli } from '../helpers/cli.js';
import { tmpDir, writeFiles } from '../helpers/tmp.js';

describe('the provider catalogue on a realistic project', () => {
  it('reports each planted key once, under its provider rule, at its line', () => {
    const keys = Object.fromEntries(Object.entries(k).map(([name, make]) => [name, make()]));
    const dir = tmpDir();
    writeFiles(dir, {
      '.env': [
        '# service credentials',
        `OPENAI_API_KEY=${keys.openaiLegacy}`,
        `ANTHROPIC_ADMIN_KEY=${keys.anthropicAdmin}`,
        `GROQ_API_KEY=${keys.groq}`,
        `HF_TOKEN=${keys.huggingface}`,
        `AWS_SECRET_ACCESS_KEY=${keys.awsSecret}`,
        `DD_API_KEY=${keys.datadog}`,
      ].join('\n'),
      '.npmrc': `//registry.npmjs.org/:_authToken=${keys.npm}\n`,
      'package.json': JSON.stringify({ dependencies: { lib: `git+https://${keys.githubLegacyHex}:x-oauth-basic@github.com/acme/lib.git` } }, null, 2),
      'deploy/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ntype: Opaque\ndata:\n  token: ${keys.k8sData}\n`,
      'src/shop.py': `SHOP = Shopify(token="${keys.shopify}")\nrequests.get(URL, headers={"Authorization": "Bearer ${keys.jwt}"})\n`,
      'scripts/ci.sh': `git clone https://oauth2:${keys.gitlab}@gitlab.com/acme/app.git\n`,
    });
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const found = r.json().findings.map((f) => [f.file, f.line, f.ruleId]);
    expect(found).toEqual([
      ['.env', 2, 'openai-legacy-key'],
      ['.env', 3, 'anthropic-admin-key'],
      ['.env', 4, 'groq-api-key'],
      ['.env', 5, 'huggingface-access-token'],
      ['.env', 6, 'aws-secret-access-key'],
      ['.env', 7, 'datadog-api-key'],
      ['.npmrc', 1, 'npm-access-token'],
      ['deploy/secret.yaml', 7, 'kubernetes-secret-manifest'],
      ['package.json', 3, 'github-token-in-url'],
      ['scripts/ci.sh', 1, 'gitlab-pat'],
      ['src/shop.py', 1, 'shopify-access-token'],
      ['src/shop.py', 2, 'jwt'],
    ]);
    for (const key of Object.values(keys)) expect(r.stdout).not.toContain(key);
  });

  it('stays quiet on documentation placeholders and look-alikes for these providers', () => {
    const dir = tmpDir();
    writeFiles(dir, {
      'docs/setup.md': [
        'GROQ_API_KEY=gsk_your_groq_api_key',
        'HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
        'AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}',
        'GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx',
        '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
        'DD_API_KEY=<DATADOG_API_KEY>',
        'curl -u "$USER:$PASSWORD" https://api.acme.io',
        'curl -H "Authorization: Bearer <token>" https://api.acme.io',
        'jwt header only: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
      ].join('\n'),
      'src/ids.ts': "const id = 'task-0123'; const mask = 'ghs_' + suffix; const path = 'patterns/airtable';\n",
      'deploy/config.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata:\n  mode: cHJvZHVjdGlvbgo=\n',
    });
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir });
    expect(r.json().findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});
