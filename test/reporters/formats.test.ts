import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { fake } from '../helpers/fake-keys.js';
import { gitRepo, git, tmpDir, writeFiles } from '../helpers/tmp.js';
import { escapeData, escapeProperty } from '../../src/reporters/github.js';
import { FORMATS } from '../../src/reporters/index.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

const SARIF_SCHEMA = path.resolve(ROOT, '..', 'shared', 'schemas', 'sarif-2.1.0.json');

function leakyTree() {
  const keys = { sk: fake.sk(), live: fake.stripeLive(), gh: fake.github(), pem: fake.pem() };
  const dir = tmpDir();
  writeFiles(dir, {
    '.env': `OPENAI_API_KEY=${keys.sk}\n\tSTRIPE = "${keys.live}"\n`,
    // Characters that workflow-command properties and URIs must escape.
    'odd dir/a,b:c%d.txt': `token: ${keys.gh}\n`,
    'keys/id_rsa': `${keys.pem}\n`,
  });
  return { dir, keys };
}

const allLines = (secret: string) => [secret, ...secret.split('\n').filter((l) => l.length >= 16)];

describe('report formats', () => {
  it('writes SARIF 2.1.0 that validates against the OASIS schema, with inclusive-to-exclusive end columns', () => {
    const { dir } = leakyTree();
    const r = runCli(['scan', dir, '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')));
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), 'the validator rejects a driver without a name').toBe(false);
    const clean = tmpDir();
    writeFiles(clean, { 'a.txt': 'nothing here\n' });
    const empty = runCli(['scan', clean, '--format', 'sarif'], { cwd: clean });
    expect(empty.code).toBe(0);
    expect(validate(JSON.parse(empty.stdout)) ? [] : validate.errors).toEqual([]);

    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id).sort()).toEqual(['github-token', 'private-key', 'sk-standard-key', 'stripe-live-secret-key']);
    for (const rule of run.tool.driver.rules) expect(rule.help.text).toMatch(/^1\. Revoke/);
    const env = run.results.find((x: { ruleId: string }) => x.ruleId === 'sk-standard-key');
    const json = runCli(['scan', dir, '--format', 'json'], { cwd: dir }).json().findings.find((f) => f.ruleId === 'sk-standard-key')!;
    expect(env.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 16, endLine: 1, endColumn: (json.endColumn as number) + 1 });
    expect(env.properties.fingerprint).toBe(json.fingerprint);
    expect(env.partialFingerprints['keywardSecretInFile/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(run.tool.driver.rules[env.ruleIndex].id).toBe('sk-standard-key');
    const odd = run.results.find((x: { ruleId: string }) => x.ruleId === 'github-token');
    expect(odd.locations[0].physicalLocation.artifactLocation.uri).toBe('odd%20dir/a%2Cb%3Ac%25d.txt');
  });

  it('gives the same key in two files two SARIF fingerprints, and the same file the same one on every run', () => {
    const dir = tmpDir();
    const sk = fake.sk();
    writeFiles(dir, { 'a.env': `KEY=${sk}\n`, 'b.env': `KEY=${sk}\n` });
    const results = () => JSON.parse(runCli(['scan', dir, '--format', 'sarif'], { cwd: dir }).stdout).runs[0].results;
    const [a, b] = results();
    expect(a.properties.fingerprint).toBe(b.properties.fingerprint);
    expect(a.partialFingerprints['keywardSecretInFile/v1']).not.toBe(b.partialFingerprints['keywardSecretInFile/v1']);
    expect(results()[0].partialFingerprints).toEqual(a.partialFingerprints);
  });

  it('never prints a raw secret in any format, and CI formats mask it even with --no-redact', () => {
    const { dir, keys } = leakyTree();
    const summary = path.join(tmpDir(), 'summary.md');
    for (const format of FORMATS) {
      const r = runCli(['scan', dir, '--format', format], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
      expect(r.code, format).toBe(1);
      for (const k of Object.values(keys)) for (const part of allLines(k)) expect(r.stdout + r.stderr, `${format} leaks`).not.toContain(part);
    }
    for (const format of ['sarif', 'github', 'gitlab']) {
      const r = runCli(['scan', dir, '--format', format, '--no-redact'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
      for (const k of Object.values(keys)) for (const part of allLines(k)) expect(r.stdout, `${format} --no-redact leaks`).not.toContain(part);
    }
    const md = fs.readFileSync(summary, 'utf8');
    expect(md).toContain('keyward: 4 findings');
    for (const k of Object.values(keys)) for (const part of allLines(k)) expect(md).not.toContain(part);
  });

  it('never prints a raw secret from a history scan in any format', () => {
    const keys = { sk: fake.sk(), pem: fake.pem() };
    const dir = gitRepo({ 'app/settings.py': `KEY = "${keys.sk}"\n`, 'deploy/key.pem': `${keys.pem}\n` });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'leak');
    git(dir, 'rm', '-q', 'app/settings.py');
    git(dir, 'commit', '-qm', 'remove');
    for (const format of FORMATS) {
      const r = runCli(['history', '--format', format], { cwd: dir });
      expect(r.code, format).toBe(1);
      for (const k of Object.values(keys)) for (const part of allLines(k)) expect(r.stdout + r.stderr, `${format} leaks`).not.toContain(part);
    }
  });

  it('prints GitHub annotations with escaped properties and appends a Markdown step summary', () => {
    const { dir } = leakyTree();
    const summary = path.join(tmpDir(), 'step-summary.md');
    fs.writeFileSync(summary, '# earlier step\n');
    const r = runCli(['scan', dir, '--format', 'github'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const gh = lines.find((l) => l.includes('GitHub personal access token'))!;
    expect(gh).toMatch(/^::error file=odd dir\/a%2Cb%3Ac%25d\.txt,line=1,col=8,endLine=1,endColumn=\d+,title=GitHub personal access token \(classic\) \(critical\)::GitHub personal access token \(classic\)/);
    expect(gh).toContain('%0A1. Revoke the exposed GitHub personal access token (classic) now: https://github.com/settings/tokens');
    expect(lines.filter((l) => l.startsWith('::'))).toHaveLength(4);
    for (const l of lines) expect(l).not.toMatch(/[\r]/);
    const md = fs.readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n## keyward: 4 findings in working tree')).toBe(true);
    expect(md).toContain('| severity | rule | location | commit | secret |');
    expect(md).toContain('### Stripe live secret key');
  });

  it('reports whole-file hygiene findings (line 0) in every format without a position, and SARIF stays valid', () => {
    const key = fake.stripeLive();
    const dir = gitRepo({ '.env': `STRIPE_KEY=${key}\n` });
    const hygiene = (r: ReturnType<typeof runCli>) => r.json().findings.filter((f) => f.kind === 'hygiene' && f.line === 0);
    expect(hygiene(runCli(['scan', '--format', 'json'], { cwd: dir })).length).toBeGreaterThan(0);

    const sarif = JSON.parse(runCli(['scan', '--format', 'sarif'], { cwd: dir }).stdout);
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')));
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    const fileLevel = sarif.runs[0].results.filter((x: { properties: { kind: string } }) => x.properties.kind === 'hygiene');
    expect(fileLevel.length).toBeGreaterThan(0);
    for (const x of fileLevel) if (!x.locations[0].physicalLocation.region) expect(x.locations[0].physicalLocation.artifactLocation.uri).toBe('.env');

    const gh = runCli(['scan', '--format', 'github'], { cwd: dir }).stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(gh.some((l) => /^::\w+ file=\.env,title=/.test(l))).toBe(true);
    expect(gh.some((l) => /^::error file=\.env,line=1,col=12,/.test(l))).toBe(true);

    const gl = JSON.parse(runCli(['scan', '--format', 'gitlab'], { cwd: dir }).stdout);
    expect(gl.vulnerabilities.some((v: { location: Record<string, unknown> }) => v.location.file === '.env' && !('start_line' in v.location))).toBe(true);

    const pretty = runCli(['scan'], { cwd: dir }).stdout;
    expect(pretty).toMatch(/\n {2}at \.env\n/);
    for (const out of [JSON.stringify(sarif), gh.join('\n'), JSON.stringify(gl), pretty]) expect(out).not.toContain(key);
  });

  it('escapes workflow command data and properties', () => {
    expect(escapeData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b');
    expect(escapeProperty('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext%3A a%2Cb');
  });

  it('writes a GitLab secret-detection report with mapped severities and commit placeholders', () => {
    const { dir } = leakyTree();
    const r = runCli(['scan', dir, '--format', 'gitlab'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.version).toMatch(/^15\.\d+\.\d+$/);
    expect(report.scan).toMatchObject({ type: 'secret_detection', status: 'success', analyzer: { id: 'keyward' }, scanner: { id: 'keyward' } });
    expect(report.scan.start_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const v = report.vulnerabilities.find((x: { name: string }) => x.name === 'sk- standard API key');
    expect(v).toMatchObject({ category: 'secret_detection', severity: 'High', location: { file: '.env', start_line: 1, commit: { sha: '0000000' } } });
    expect(v.identifiers[0]).toMatchObject({ type: 'keyward_rule_id', value: 'sk-standard-key' });
    expect(v.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(report.vulnerabilities.map((x: { id: string }) => x.id)).size).toBe(4);
    expect(report.vulnerabilities.map((x: { severity: string }) => x.severity).sort()).toEqual(['Critical', 'Critical', 'Critical', 'High']);
  });

  it('puts the commit of a history finding into the GitLab location', () => {
    const dir = gitRepo({ 'a.txt': 'hello\n' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    const sha = git(dir, 'rev-parse', 'HEAD').trim();
    const report = { version: 1, tool: { name: 'keyward', version: '0' }, findings: [{ ruleId: 'sk-standard-key', title: 'sk- standard API key', kind: 'secret', severity: 'high', provider: 'p', file: 'a.txt', line: 1, column: 1, endLine: 1, endColumn: 51, secret: 'sk-abcde********', fingerprint: 'f'.repeat(32), commit: sha, author: 'A', email: 'a@x', date: '2026-01-01T00:00:00Z', removed: true, pushed: false, remediation: ['x'] }], stats: { files: 1, bytes: 1, skipped: {}, durationMs: 5 }, notes: [] };
    return import('../../src/reporters/gitlab.js').then(({ toGitlab }) => {
      const out = toGitlab(report as never, new Date('2026-11-22T10:00:00.123Z'));
      expect(out.vulnerabilities[0]!.location.commit).toMatchObject({ sha, author: 'A' });
      expect(out.scan.end_time).toBe('2026-11-22T10:00:00');
    });
  });

  it('groups the pretty report by file, with a masked code frame, numbered steps and a summary line', () => {
    const { dir, keys } = leakyTree();
    const r = runCli(['scan', dir], { cwd: dir });
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain('.env (2 findings)');
    expect(out).toMatch(/ {5}1 │ OPENAI_API_KEY=sk-\w{1,8}\*{8}\n {7}│ {16}\^{16}\n/);
    expect(out).toMatch(/CRITICAL +Stripe live secret key/);
    expect(out).toContain('How to fix\n    1. Revoke the exposed Stripe live secret key now: https://dashboard.stripe.com/apikeys');
    expect(out).toMatch(/✗ 4 findings \(3 critical, 1 high\) in working tree · 3 files affected · 3 files, [\d.]+ \w?B scanned in \d+ ms\n/);
    expect(out).not.toContain(keys.sk);
  });
});
