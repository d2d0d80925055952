import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hasOpenssl, realPkcs12 } from '../helpers/pkcs12.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

const p12Findings = (r: ReturnType<typeof runCli>) => r.json().findings.filter((f) => f.ruleId === 'pkcs12-key-store');

describe('PKCS#12 key stores found by path', () => {
  it('scan reports each .p12 / .pfx once outside a git repository, with one fingerprint for the same file in two places', () => {
    const dir = tmpDir();
    const store = realPkcs12();
    writeFiles(dir, { 'certs/signing.p12': store, 'backup/signing-copy.pfx': store, 'empty.p12': '', 'notes.p12': 'password is in the vault\n' });
    const r = runCli(['scan', '.', '--format', 'json', '--no-hygiene'], { cwd: dir });
    expect(r.code).toBe(1);
    const found = p12Findings(r);
    expect(found.map((f) => f.file).sort()).toEqual(['backup/signing-copy.pfx', 'certs/signing.p12']);
    expect(found.map((f) => [f.line, f.column])).toEqual([[0, 0], [0, 0]]);
    expect(found[0]!.fingerprint).toBe(found[1]!.fingerprint);
    expect(found[0]!.secret).toMatch(/^PKCS#12 file, sha256:[0-9a-f]{12}…$/);
    expect(r.json().findings).toHaveLength(2);
  });

  it.skipIf(!hasOpenssl)('reports a GCP-style store (password notasecret) once, as critical', () => {
    const dir = tmpDir();
    writeFiles(dir, { 'svc.p12': realPkcs12('notasecret') });
    const r = runCli(['scan', '.', '--format', 'json', '--no-hygiene'], { cwd: dir });
    expect(r.json().findings.map((f) => [f.ruleId, f.severity, f.file])).toEqual([['pkcs12-key-store-known-password', 'critical', 'svc.p12']]);
  });

  it('shows no key material with --no-redact and gives SARIF no line region', () => {
    const dir = tmpDir();
    writeFiles(dir, { 'store.p12': realPkcs12() });
    const raw = runCli(['scan', '.', '--format', 'json', '--no-redact', '--no-hygiene'], { cwd: dir });
    expect(p12Findings(raw)[0]!.secret).toMatch(/^PKCS#12 file, sha256:/);
    const sarif = runCli(['scan', '.', '--format', 'sarif', '--no-hygiene'], { cwd: dir });
    expect(sarif.code).toBe(1);
    const loc = JSON.parse(sarif.stdout).runs[0].results[0].locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).toBe('store.p12');
    expect(loc.region).toBeUndefined();
  });

  it('a commit that adds a .p12 is blocked by keyward staged', () => {
    const dir = gitRepo({ 'README.md': '# app\n' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');
    writeFiles(dir, { 'deploy/push.p12': realPkcs12() });
    git(dir, 'add', '.');
    const r = runCli(['staged', '--format', 'json'], { cwd: dir, env: { HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(r.code).toBe(1);
    expect(p12Findings(r).map((f) => f.file)).toEqual(['deploy/push.p12']);
  });

  it('keyward history blames the commit that added the key store, also after it was deleted', () => {
    const dir = gitRepo({ 'README.md': '# app\n' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');
    writeFiles(dir, { 'keys/service.p12': realPkcs12() });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'add key store');
    const added = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'rm', '-q', 'keys/service.p12');
    git(dir, 'commit', '-q', '-m', 'remove key store');
    const r = runCli(['history', dir, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const found = p12Findings(r);
    expect(found.map((f) => [f.file, f.commit, f.removed])).toEqual([['keys/service.p12', added, true]]);
  });
});
