import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { runCli } from '../helpers/cli.js';
import { fake, randomChars } from '../helpers/fake-keys.js';
import { realPkcs12 } from '../helpers/pkcs12.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

const hasFilterRepo = spawnSync('git', ['filter-repo', '--version'], { encoding: 'utf8' }).status === 0;

function commit(dir: string, files: Record<string, string>, message: string): string {
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

/**
 * A repository with a bare `origin`: an sk- key committed, pushed and then deleted from the tree; a Stripe key
 * and a private key committed locally only (not pushed).
 */
function leakyRepo() {
  const keys = { sk: fake.sk(), stripe: fake.stripeLive(), pem: fake.pem() };
  const origin = tmpDir('keyward-origin-');
  git(origin, 'init', '-q', '--bare', '-b', 'main');
  const dir = gitRepo();
  git(dir, 'remote', 'add', 'origin', origin);
  const c1 = commit(dir, { 'README.md': '# app\n', '.env.example': 'OPENAI_API_KEY=\n', 'config/settings.py': `OPENAI_API_KEY = "${keys.sk}"\n` }, 'add settings');
  commit(dir, { 'config/settings.py': 'import os\nOPENAI_API_KEY = os.environ["OPENAI_API_KEY"]\n' }, 'read the key from the environment');
  git(dir, 'push', '-q', 'origin', 'main');
  const c3 = commit(dir, { 'billing.js': `const stripe = require("stripe")("${keys.stripe}");\n`, 'deploy/id_rsa': `${keys.pem}\n` }, 'billing');
  const finding = (ruleId: string, title: string, provider: string, file: string, line: number, secret: string, sha: string) => ({
    ruleId, title, kind: 'secret', severity: 'critical', provider, file, line, column: 1, endLine: line, endColumn: 1,
    secret, fingerprint: fingerprint(ruleId, secret), commit: sha, author: 'Test Author', email: 'author@example.invalid',
    date: '2026-11-22T10:00:00Z', removed: null, pushed: null, remediation: ['Revoke it.'],
  });
  // What `keyward history --format json --no-redact` writes for this repository.
  const report = {
    version: 1, tool: { name: 'keyward', version: '0' },
    findings: [
      finding('sk-standard-key', 'sk- standard API key', 'sk- API key (OpenAI-compatible gateway)', 'config/settings.py', 1, keys.sk, c1),
      finding('stripe-live-secret-key', 'Stripe live secret key', 'Stripe', 'billing.js', 1, keys.stripe, c3),
      finding('private-key', 'Private key block', 'Private key', 'deploy/id_rsa', 1, keys.pem, c3),
    ],
    stats: { files: 3, bytes: 1, skipped: {}, durationMs: 1 }, notes: [],
  };
  const reportFile = path.join(tmpDir(), 'report.json');
  fs.writeFileSync(reportFile, JSON.stringify(report));
  return { dir, origin, keys, reportFile, c1, c3 };
}

const pieces = (secret: string) => [secret, ...secret.split('\n').filter((l) => l.length >= 16)];
function expectNoSecret(text: string, keys: Record<string, string>) {
  for (const k of Object.values(keys)) for (const p of pieces(k)) expect(text).not.toContain(p);
}
const historyText = (dir: string) => git(dir, 'log', '-p', '--all', '--full-history');

describe('keyward remediate', () => {
  it('prints a plan by provider, pushed before local, and writes a 0600 replacements file inside .git, never printing a secret', () => {
    const { dir, keys, reportFile } = leakyRepo();
    const r = runCli(['remediate', '--from', reportFile], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain('3 leaked secrets in 3 places: 1 pushed to a remote, 2 local only');
    expect(out).toContain('Step 1. Revoke every leaked key now, before touching history');
    expect(out).toMatch(/Stripe \(1 key\) — revoke at https:\/\/dashboard\.stripe\.com\/apikeys\n {4}• Stripe live secret key sk_live_\*{8} \(fingerprint [0-9a-f]{12}\) — local only/);
    expect(out).toMatch(/sk- standard API key sk-\w{1,8}\*{8} \(fingerprint [0-9a-f]{12}\) — PUSHED: treat as compromised\n {8}config\/settings\.py:1 in commit [0-9a-f]{12}/);
    expect(out).toContain('Review usage since the leak: https://dashboard.stripe.com/logs');
    expect(out.indexOf('sk- API key (OpenAI-compatible gateway) (1 key)')).toBeLessThan(out.indexOf('Stripe (1 key)'));
    const file = path.join(dir, '.git', 'keyward', 'replacements.txt');
    expect(out).toContain(`Replacements file (mode 0600, inside the git folder, never in the work tree): ${file}`);
    expect(out).toContain(`git filter-repo --replace-text ${file} --force`);
    expect(out).toContain(`bfg --replace-text ${file} keyward-purge.git`);
    expect(out).toContain('git push --force --all origin');
    expect(out).toContain('Collaborators must re-clone');
    expect(out).toMatch(/Forks, pull request refs, mirrors, package caches and CI caches or artifacts keep the old objects/);
    expect(out).toContain('keyward history');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toContain(`${keys.sk}==>***REMOVED***`);
    expect(lines).toContain(`${keys.stripe}==>***REMOVED***`);
    expect(lines.filter((l) => l.startsWith('regex:'))).toHaveLength(1);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expectNoSecret(out + r.stderr, keys);
  });

  it('scans history itself when no report is given', () => {
    const { dir, keys } = leakyRepo();
    const r = runCli(['remediate'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('3 leaked secrets in 3 places: 1 pushed to a remote, 2 local only');
    expect(r.stdout).toMatch(/sk- standard API key sk-\w{1,8}\*{8} \(fingerprint [0-9a-f]{12}\) — PUSHED: treat as compromised\n {8}config\/settings\.py:1 in commit/);
    const lines = fs.readFileSync(path.join(dir, '.git', 'keyward', 'replacements.txt'), 'utf8');
    for (const k of [keys.sk, keys.stripe]) expect(lines).toContain(`${k}==>***REMOVED***`);
    expectNoSecret(r.stdout + r.stderr, keys);
  });

  it('leaves out findings that the ignore file suppresses, as keyward history does', () => {
    const { dir, keys } = leakyRepo();
    expect(runCli(['ignore', fingerprint('stripe-live-secret-key', keys.stripe), '--reason', 'test account'], { cwd: dir }).code).toBe(0);
    const r = runCli(['remediate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('2 leaked secrets in 2 places');
    expect(r.stdout).not.toContain('Stripe (1 key)');
  });

  it('matches a redacted history report to the secrets by fingerprint, rescanning history', () => {
    const { dir, keys } = leakyRepo();
    const report = path.join(tmpDir(), 'history.json');
    expect(runCli(['history', '--format', 'json', '--output', report], { cwd: dir }).code).toBe(1);
    expectNoSecret(fs.readFileSync(report, 'utf8'), keys);
    const r = runCli(['remediate', '--from', report], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('It holds 3 secrets in full');
    const lines = fs.readFileSync(path.join(dir, '.git', 'keyward', 'replacements.txt'), 'utf8');
    for (const k of [keys.sk, keys.stripe]) expect(lines).toContain(`${k}==>***REMOVED***`);
    expectNoSecret(r.stdout + r.stderr, keys);
  });

  it('recreates the replacements file with mode 0600 when an older one is readable by others', () => {
    const { dir, reportFile } = leakyRepo();
    const file = path.join(dir, '.git', 'keyward', 'replacements.txt');
    writeFiles(dir, { '.git/keyward/replacements.txt': 'old\n' });
    fs.chmodSync(file, 0o644);
    expect(runCli(['remediate', '--from', reportFile], { cwd: dir }).code).toBe(1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('old');
  });

  it('never prints credentials from the origin URL', () => {
    const { dir, reportFile } = leakyRepo();
    const password = randomChars(20);
    git(dir, 'remote', 'set-url', 'origin', `https://deploy-bot:${password}@git.example.invalid/acme/app.git`);
    const r = runCli(['remediate', '--from', reportFile], { cwd: dir });
    expect(r.stdout).toContain('git remote add origin https://git.example.invalid/acme/app.git');
    expect(r.stdout).not.toContain(password);
  });

  it('plans from a real `scan --format json --no-redact` report of the working tree', () => {
    const { dir, keys } = leakyRepo();
    writeFiles(dir, { 'notes.txt': `token ${keys.sk}\n` });
    const report = path.join(tmpDir(), 'scan.json');
    expect(runCli(['scan', dir, '--format', 'json', '--no-redact', '--output', report], { cwd: dir }).code).toBe(1);
    const r = runCli(['remediate', '--from', report], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/sk- standard API key sk-\w{1,8}\*{8} \(fingerprint [0-9a-f]{12}\) — working tree\n {8}notes\.txt:1\n/);
    expect(fs.readFileSync(path.join(dir, '.git', 'keyward', 'replacements.txt'), 'utf8')).toContain(`${keys.sk}==>`);
    expectNoSecret(r.stdout + r.stderr, keys);
  });

  it('exits 0 with nothing to do for a clean report', () => {
    const { dir } = leakyRepo();
    const report = path.join(tmpDir(), 'clean.json');
    fs.writeFileSync(report, JSON.stringify({ version: 1, tool: { name: 'keyward', version: '0' }, findings: [], stats: {}, notes: [] }));
    const r = runCli(['remediate', '--from', report], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing to remediate');
    expect(fs.existsSync(path.join(dir, '.git', 'keyward', 'replacements.txt'))).toBe(false);
  });

  it('exits 2 when --from is not a keyward JSON report', () => {
    const { dir } = leakyRepo();
    const bad = path.join(tmpDir(), 'bad.json');
    fs.writeFileSync(bad, '{"findings": 3}');
    const r = runCli(['remediate', '--from', bad], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a keyward JSON report/);
  });

  it.skipIf(!hasFilterRepo)('purges every key when the printed git filter-repo and push commands are followed', () => {
    const { dir, origin, keys, reportFile } = leakyRepo();
    expect(historyText(dir)).toContain(keys.sk);
    const out = runCli(['remediate', '--from', reportFile], { cwd: dir }).stdout;
    const commands = out.split('\n').map((l) => l.trim());
    const purge = [commands.find((l) => l.startsWith('cd '))!, commands.find((l) => l.startsWith('git filter-repo '))!];
    expect(purge[1]).toMatch(/^git filter-repo --replace-text /);
    execFileSync('bash', ['-c', purge.join(' && ')], { cwd: dir, stdio: 'pipe' });
    const after = historyText(dir);
    expectNoSecret(after, keys);
    expect(after).toContain('***REMOVED***');
    const verify = runCli(['history'], { cwd: dir });
    expect(verify.stdout + verify.stderr).toContain('no secrets found');
    expect(verify.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# app\n');

    const push = commands.filter((l) => l.startsWith('git remote add origin') || l.startsWith('git push --force'));
    expect(push).toHaveLength(3);
    execFileSync('bash', ['-c', push.join(' && ')], { cwd: dir, stdio: 'pipe' });
    expectNoSecret(execFileSync('git', ['log', '-p', '--all'], { cwd: origin, encoding: 'utf8' }), keys);
  });

  it.skipIf(!hasFilterRepo)('removes a committed .p12 key store from every commit with the printed git filter-repo command', () => {
    const dir = gitRepo();
    commit(dir, { 'README.md': '# app\n' }, 'init');
    commit(dir, { 'keys/service account.p12': realPkcs12() }, 'add key store');
    commit(dir, { 'README.md': '# app, signed\n' }, 'later');
    const r = runCli(['remediate'], { cwd: dir });
    expect(r.code).toBe(1);
    const commands = r.stdout.split('\n').map((l) => l.trim());
    // No text to replace: no replacements file, the file itself leaves history.
    expect(r.stdout).not.toContain('Replacements file');
    expect(fs.existsSync(path.join(dir, '.git', 'keyward', 'replacements.txt'))).toBe(false);
    const purge = [commands.find((l) => l.startsWith('cd '))!, commands.find((l) => l.startsWith('git filter-repo '))!];
    expect(purge[1]).toBe("git filter-repo --invert-paths --path 'keys/service account.p12' --force");
    execFileSync('bash', ['-c', purge.join(' && ')], { cwd: dir, stdio: 'pipe' });
    expect(git(dir, 'log', '--all', '--name-only', '--format=')).not.toContain('.p12');
    const verify = runCli(['history'], { cwd: dir });
    expect(verify.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# app, signed\n');
  });
});

if (!hasFilterRepo) console.warn('skipping the purge test: `git filter-repo` is not installed (apt-get install git-filter-repo)');
