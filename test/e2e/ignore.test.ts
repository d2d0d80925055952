import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { fake } from '../helpers/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

const IGNORE = '.keywardignore.yaml';

function scanJson(dir: string, args: string[] = []) {
  const r = runCli(['scan', '.', '--format', 'json', ...args], { cwd: dir });
  expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
  return { code: r.code, findings: r.json().findings, notes: r.json().notes, stderr: r.stderr };
}

/** A repo with one committed secret; returns its fingerprint as keyward reports it. */
function repoWithSecret() {
  const secret = fake.sk();
  const dir = gitRepo({ 'config/settings.py': `DEBUG = True\nOPENAI_API_KEY = "${secret}"\n` });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'settings');
  // The fingerprint keyward reports for it (the first test checks that a scan reports this very value).
  return { dir, secret, fp: fingerprint('sk-standard-key', secret) };
}

describe('keyward ignore', () => {
  it('writes an entry keyed by fingerprint, with reason, expiry, author and date, and never the secret', () => {
    const { dir, secret, fp } = repoWithSecret();
    expect(scanJson(dir).findings.map((f) => f.fingerprint)).toEqual([fp]);
    const r = runCli(['ignore', fp, '--reason', 'revoked test key', '--expires', '2099-12-31'], { cwd: path.join(dir, 'config') });
    expect(r.code, r.stderr).toBe(0);
    const text = fs.readFileSync(path.join(dir, IGNORE), 'utf8');
    expect(text).toContain(`  ${fp}:\n    reason: revoked test key\n    expires: 2099-12-31\n    added: `);
    expect(text).toContain('    by: Test Author\n');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(3, 20));
    expect(scanJson(dir).code).toBe(0);
  });

  it('shows ignored findings with --debug, redacted', () => {
    const { dir, secret, fp } = repoWithSecret();
    runCli(['ignore', fp, '--reason', 'fixture'], { cwd: dir });
    const r = runCli(['scan', '.', '--debug'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`dropped sk-standard-key at config/settings\\.py:2 \\S+ \\(ignored: fingerprint ${fp} in \\.keywardignore\\.yaml:\\d+: fixture\\)`));
    expect(r.stdout).toContain('note: 1 finding ignored by .keywardignore.yaml (--debug lists them)');
    expect(r.stderr + r.stdout).not.toContain(secret);
  });

  it('stays valid after the line moves, the file is renamed and the branch is squash-merged', () => {
    const { dir, secret, fp } = repoWithSecret();
    runCli(['ignore', fp, '--reason', 'revoked'], { cwd: dir });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'ignore');
    git(dir, 'checkout', '-q', '-b', 'refactor');
    fs.mkdirSync(path.join(dir, 'app'));
    git(dir, 'mv', 'config/settings.py', 'app/settings_local.py');
    fs.writeFileSync(path.join(dir, 'app/settings_local.py'), `# moved\nimport os\n\nDEBUG = False\n\nclass Settings:\n    key = "${secret}"\n`);
    git(dir, 'commit', '-q', '-am', 'move settings');
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--squash', 'refactor');
    git(dir, 'commit', '-q', '-m', 'squashed refactor');
    expect(fs.existsSync(path.join(dir, 'config/settings.py'))).toBe(false);
    const after = scanJson(dir, ['--no-redact', '--debug']);
    expect(after.findings).toEqual([]);
    expect(after.code).toBe(0);
    expect(after.stderr).toContain('dropped sk-standard-key at app/settings_local.py:7');
  });

  it('still reports a different secret swapped onto the ignored line', () => {
    const { dir, fp } = repoWithSecret();
    runCli(['ignore', fp, '--reason', 'revoked'], { cwd: dir });
    const swapped = fake.sk();
    fs.writeFileSync(path.join(dir, 'config/settings.py'), `DEBUG = True\nOPENAI_API_KEY = "${swapped}" # same line, new key\n`);
    const { code, findings } = scanJson(dir, ['--no-redact']);
    expect(code).toBe(1);
    expect(findings.map((f) => [f.line, f.secret])).toEqual([[2, swapped]]);
    expect(findings[0]!.fingerprint).not.toBe(fp);
  });

  it('reports the finding again once the ignore has expired, and says so', () => {
    const { dir, fp } = repoWithSecret();
    writeFiles(dir, { [IGNORE]: `ignore:\n  ${fp}:\n    reason: temporary, until the key rotation\n    expires: 2020-01-31\n` });
    const { code, findings, notes } = scanJson(dir);
    expect(code).toBe(1);
    expect(findings).toHaveLength(1);
    expect((findings[0]!.remediation as string[])[0]).toContain(`The ignore entry for fingerprint ${fp} in .keywardignore.yaml expired on 2020-01-31`);
    expect(notes).toContain(`ignore entry ${fp} (.keywardignore.yaml:2) expired on 2020-01-31: its finding is reported again`);
    const pretty = runCli(['scan', '.'], { cwd: dir });
    expect(pretty.stdout).toContain('expired on 2020-01-31');
  });

  it('lists entries that match nothing with --unused, and exits 1', () => {
    const { dir, fp } = repoWithSecret();
    const stale = 'f'.repeat(32);
    expect(runCli(['ignore', fp, '--reason', 'in use'], { cwd: dir }).code).toBe(0);
    expect(runCli(['ignore', stale.toUpperCase(), '--reason', 'the key was deleted long ago'], { cwd: dir }).code).toBe(0);
    const r = runCli(['ignore', '--unused'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^\\.keywardignore\\.yaml:\\d+ {2}${stale} {2}the key was deleted long ago\\n`));
    expect(r.stdout).not.toContain(fp);
    expect(r.stdout).toContain('1 of 2 ignore entries match nothing');
  });

  it('exits 0 from --unused when every entry matches a finding', () => {
    const { dir, fp } = repoWithSecret();
    runCli(['ignore', fp, '--reason', 'in use'], { cwd: dir });
    const r = runCli(['ignore', '--unused'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('all 1 ignore entries');
  });

  it('keeps entries sorted and comments in place, and renews an existing entry', () => {
    const dir = gitRepo();
    const [a, b, c] = ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)];
    runCli(['ignore', c, '--reason', 'third'], { cwd: dir });
    fs.appendFileSync(path.join(dir, IGNORE), '    # reviewed by security\n');
    runCli(['ignore', a, '--reason', 'first'], { cwd: dir });
    const r = runCli(['ignore', b, '--reason', 'second'], { cwd: dir });
    expect(r.stdout).toContain(`added ${b}`);
    const renew = runCli(['ignore', a, '--reason', 'first, renewed', '--expires', '2099-01-01'], { cwd: dir });
    expect(renew.stdout).toContain(`updated ${a}`);
    const text = fs.readFileSync(path.join(dir, IGNORE), 'utf8');
    expect(text.indexOf(a)).toBeLessThan(text.indexOf(b));
    expect(text.indexOf(b)).toBeLessThan(text.indexOf(c));
    expect(text).toContain('reason: first, renewed');
    expect(text).toContain('# reviewed by security');
    expect(text.match(/reason:/g)).toHaveLength(3);
  });

  it('writes the ignore file in the scan root outside a repository', () => {
    const dir = tmpDir();
    const secret = fake.sk();
    writeFiles(dir, { '.env': `K=${secret}\n` });
    const fp = scanJson(dir).findings[0]!.fingerprint as string;
    expect(runCli(['ignore', fp, '--reason', 'local only'], { cwd: dir }).code).toBe(0);
    expect(fs.existsSync(path.join(dir, IGNORE))).toBe(true);
    expect(scanJson(dir).code).toBe(0);
  });

  it('refuses a missing reason, a bad fingerprint, a pasted secret and a past or invalid expiry with exit 2', () => {
    const dir = gitRepo();
    const secret = fake.sk();
    const fp = 'a'.repeat(32);
    expect(runCli(['ignore', fp], { cwd: dir }).stderr).toContain('--reason is required');
    const pasted = runCli(['ignore', secret, '--reason', 'x'], { cwd: dir });
    expect(pasted.code).toBe(2);
    expect(pasted.stderr).toContain('not a fingerprint');
    expect(pasted.stderr).not.toContain(secret);
    expect(runCli(['ignore', fp, '--reason', 'x', '--expires', '2020-01-01'], { cwd: dir }).stderr).toContain('is not in the future');
    expect(runCli(['ignore', fp, '--reason', 'x', '--expires', '2030-02-30'], { cwd: dir }).code).toBe(2);
    expect(runCli(['ignore'], { cwd: dir }).code).toBe(2);
    expect(fs.existsSync(path.join(dir, IGNORE))).toBe(false);
  });

  it('exits 2 with file:line:column on an invalid ignore file, without echoing a pasted secret', () => {
    const dir = gitRepo();
    const secret = fake.sk();
    writeFiles(dir, {
      [IGNORE]: [`ignore:`, `  ${'a'.repeat(32)}:`, `    reasn: typo`, `    expires: 31/12/2030`, `  ${secret}:`, `    reason: oops`, ''].join('\n'),
      'a.txt': 'nothing\n',
    });
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid ignore file .keywardignore.yaml: 4 problems');
    expect(r.stderr).toContain('.keywardignore.yaml:3:5 ignore.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.reasn: unknown key "reasn" (did you mean "reason"?)');
    expect(r.stderr).toContain('.keywardignore.yaml:2:3 ignore.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: needs a non-empty "reason"');
    expect(r.stderr).toContain('.keywardignore.yaml:4:14 ignore.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.expires: must be a date YYYY-MM-DD');
    expect(r.stderr).toMatch(/\.keywardignore\.yaml:5:3 ignore\.sk-\S+: not a fingerprint/);
    expect(r.stderr).not.toContain(secret);
    expect(runCli(['ignore', 'b'.repeat(32), '--reason', 'x'], { cwd: dir }).code).toBe(2);
  });

  it('merges entries added on two branches with merge=union, and reports a clash on one entry with its line', () => {
    const dir = gitRepo({ '.gitattributes': '.keywardignore.yaml merge=union\n', 'a.txt': 'x\n' });
    const [a, b, c] = ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)];
    runCli(['ignore', a, '--reason', 'base'], { cwd: dir });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'checkout', '-q', '-b', 'other');
    runCli(['ignore', b, '--reason', 'from the other branch'], { cwd: dir });
    runCli(['ignore', a, '--reason', 'renewed on the other branch'], { cwd: dir });
    git(dir, 'commit', '-q', '-am', 'other');
    git(dir, 'checkout', '-q', 'main');
    runCli(['ignore', c, '--reason', 'from main'], { cwd: dir });
    runCli(['ignore', a, '--reason', 'renewed on main'], { cwd: dir });
    git(dir, 'commit', '-q', '-am', 'main');
    git(dir, 'merge', '-q', '-m', 'merge', 'other');
    const text = fs.readFileSync(path.join(dir, IGNORE), 'utf8');
    expect(text).toContain('from the other branch');
    expect(text).toContain('from main');
    // Both sides changed entry a: not silently resolved, keyward stops with the place to look.
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid ignore file \.keywardignore\.yaml: 1 problem\n {2}\.keywardignore\.yaml:\d+:\d+: Map keys must be unique/);
  });

  it('masks an ignored secret in the code frame of another finding on the same line', () => {
    const { dir, secret, fp } = repoWithSecret();
    runCli(['ignore', fp, '--reason', 'revoked'], { cwd: dir });
    const other = fake.github();
    fs.writeFileSync(path.join(dir, 'config/settings.py'), `KEYS = ["${secret}", "${other}"]\n`);
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('github-token');
    expect(r.stdout).not.toContain(secret);
    expect(r.stdout).not.toContain(secret.slice(0, 16));
  });

  it('applies to keyward history too: the secret in an old commit stays ignored after it moved', () => {
    const { dir, secret, fp } = repoWithSecret();
    fs.writeFileSync(path.join(dir, 'config/settings.py'), `DEBUG = True\n\n\nKEY = "${secret}"\n`);
    git(dir, 'commit', '-q', '-am', 'move the line');
    expect(runCli(['history', '.'], { cwd: dir }).code).toBe(1);
    runCli(['ignore', fp, '--reason', 'revoked'], { cwd: dir });
    const r = runCli(['history', '.', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().findings).toEqual([]);
  });
});
