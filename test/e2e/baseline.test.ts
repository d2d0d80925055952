import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fake } from '../helpers/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { gitRepo, writeFiles } from '../helpers/tmp.js';

const BASELINE = '.keyward-baseline.json';

function repoWithOldSecrets() {
  const keys = { sk: fake.sk(), stripe: fake.stripeLive(), aws: fake.aws() };
  const dir = gitRepo({
    '.gitignore': 'node_modules/\n',
    'src/config.js': `// settings\nexport const openai = "${keys.sk}";\nexport const stripe = "${keys.stripe}";\n`,
    'deploy/env.sh': `export AWS_ACCESS_KEY_ID=${keys.aws}\nexport OPENAI=${keys.sk}\n`,
    'README.md': '# app\n',
  });
  return { dir, keys };
}

const baseline = (dir: string) => fs.readFileSync(path.join(dir, BASELINE), 'utf8');

describe('keyward baseline', () => {
  it('writes one sorted entry per secret with rule id and paths, no lines, no timestamps, no secrets', () => {
    const { dir, keys } = repoWithOldSecrets();
    const r = runCli(['baseline'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${BASELINE}: 3 known secrets`);
    const text = baseline(dir);
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual(['version', 'tool', 'findings']);
    expect(data.findings).toHaveLength(3);
    const fps = data.findings.map((e: { fingerprint: string }) => e.fingerprint);
    expect(fps).toEqual([...fps].sort());
    const sk = data.findings.find((e: { ruleId: string }) => e.ruleId === 'sk-standard-key');
    expect(sk).toEqual({ fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), ruleId: 'sk-standard-key', paths: ['deploy/env.sh', 'src/config.js'] });
    expect(text).not.toMatch(/"line"|"column"|"date"|20\d\d-\d\d-\d\d/);
    for (const k of Object.values(keys)) {
      expect(text).not.toContain(k);
      expect(text).not.toContain(k.slice(0, 12));
    }
  });

  it('regenerates a byte-identical file after unrelated edits and a line move', () => {
    const { dir, keys } = repoWithOldSecrets();
    runCli(['baseline'], { cwd: dir });
    const before = baseline(dir);
    writeFiles(dir, {
      'README.md': '# app\n\nNow with docs.\n',
      'src/util.js': 'export const add = (a, b) => a + b;\n',
      'src/config.js': `// settings, reordered\n\nexport const stripe = "${keys.stripe}";\n\n\nexport const openai = "${keys.sk}";\n`,
    });
    expect(runCli(['baseline', '--quiet'], { cwd: dir }).code).toBe(0);
    expect(baseline(dir)).toBe(before);
  });

  it('reports only a new secret when scanning against the baseline', () => {
    const { dir } = repoWithOldSecrets();
    runCli(['baseline'], { cwd: dir });
    const clean = runCli(['scan', '.', '--baseline', BASELINE], { cwd: dir });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('4 known findings in the baseline .keyward-baseline.json not reported');
    const fresh = fake.github();
    fs.appendFileSync(path.join(dir, 'src/config.js'), `export const gh = "${fresh}";\n`);
    const r = runCli(['scan', '.', '--baseline', BASELINE, '--format', 'json', '--no-redact'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.json().findings.map((f) => [f.file, f.line, f.ruleId, f.secret])).toEqual([['src/config.js', 4, 'github-token', fresh]]);
  });

  it('leaves out findings the ignore file already ignores', () => {
    const { dir } = repoWithOldSecrets();
    const aws = runCli(['scan', '.', '--format', 'json'], { cwd: dir }).json().findings.find((f) => f.ruleId === 'aws-access-key-id')!;
    runCli(['ignore', aws.fingerprint as string, '--reason', 'CI test account'], { cwd: dir });
    runCli(['baseline', '-o', 'audit/known.json'], { cwd: dir });
    const text = fs.readFileSync(path.join(dir, 'audit/known.json'), 'utf8');
    expect(JSON.parse(text).findings).toHaveLength(2);
    expect(text).not.toContain(aws.fingerprint as string);
  });

  it('exits 2 with line and column on a malformed baseline, and when it is missing', () => {
    const { dir } = repoWithOldSecrets();
    writeFiles(dir, { 'bad.json': '{\n  "version": 1,\n  "findings": [\n    {"fingerprint": "not-a-hash", "ruleId": "x"}\n  ]\n}\n' });
    const bad = runCli(['scan', '.', '--baseline', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.json:4:21 findings[0].fingerprint: must be a fingerprint');
    const missing = runCli(['scan', '.', '--baseline', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read baseline nope.json');
  });
});
