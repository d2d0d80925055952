import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/reporters/index.js';
import { fake } from '../helpers/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

const NO_NETWORK = path.join(__dirname, '..', 'helpers', 'no-network.cjs');

/** A repository with a key in history, a staged key, a key in an untracked .env and an allow-commented key (dropped, shown by --debug). */
function plantedRepo() {
  const keys = { committed: fake.github(), staged: fake.sk(), env: fake.stripeLive(), allowed: fake.github() };
  const dir = gitRepo({ 'README.md': '# app\n', 'config.txt': `token = ${keys.committed}\n` });
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'first');
  writeFiles(dir, {
    'app.txt': `key = ${keys.staged}\ntoken = ${keys.allowed} # keyward:allow\n`,
    '.env': `STRIPE=${keys.env}\n`,
  });
  git(dir, 'add', 'app.txt');
  return { dir, keys: Object.values(keys) };
}

/** What of a secret must never be printed: all but the redacted prefix. */
function leaks(text: string, secrets: string[]): string[] {
  return secrets.filter((s) => text.includes(s) || text.includes(s.slice(8, 20)) || text.includes(s.slice(-12)));
}

describe('no network access', () => {
  it('the network trap catches an attempt (so that the test below can fail)', () => {
    const dir = tmpDir();
    const log = path.join(dir, 'net.log');
    const r = runCli(['--version'], { cwd: dir, env: { NODE_OPTIONS: `--require ${NO_NETWORK} --require ${path.join(__dirname, 'fixtures', 'dial-out.cjs')}`, KEYWARD_NET_LOG: log } });
    expect(r.code).not.toBeNull();
    expect(fs.readFileSync(log, 'utf8')).toContain('network access attempted');
  });

  it('scan, history, staged, hygiene, install and doctor never try to reach the network', () => {
    const { dir } = plantedRepo();
    const log = path.join(tmpDir(), 'net.log');
    const env = { NODE_OPTIONS: `--require ${NO_NETWORK}`, KEYWARD_NET_LOG: log };
    const codes = Object.fromEntries(
      [['scan', '.'], ['history'], ['staged'], ['hygiene'], ['install'], ['doctor']].map((args) => [args[0], runCli([...args], { cwd: dir, env }).code]),
    );
    expect(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '').toBe('');
    expect(codes).toMatchObject({ scan: 1, history: 1, staged: 1, hygiene: 1, install: 0 });
  });
});

describe('secrets never appear in output, logs or errors unless --no-redact', () => {
  it.each(FORMATS)('scan, history, staged and hygiene with --debug in the %s format show no secret', (format) => {
    const { dir, keys } = plantedRepo();
    for (const args of [['scan', '.'], ['history'], ['staged'], ['hygiene']]) {
      const r = runCli([...args, '--debug', '--format', format], { cwd: dir });
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1);
      expect(leaks(r.stdout + r.stderr, keys), `${args[0]} --format ${format}`).toEqual([]);
    }
  });

  it('baseline and ignore with --debug show no secret, and the files they write hold none', () => {
    const { dir, keys } = plantedRepo();
    const base = runCli(['baseline', '.', '--debug'], { cwd: dir });
    expect(base.code, base.stderr).toBe(0);
    const scan = runCli(['scan', '.', '--no-hygiene', '--format', 'json'], { cwd: dir });
    const fp = String(scan.json().findings[0]!.fingerprint);
    const ign = runCli(['ignore', fp, '--reason', 'test key', '--debug'], { cwd: dir });
    expect(ign.code, ign.stderr).toBe(0);
    // Pasting the secret where the fingerprint goes is refused without echoing it.
    const pasted = runCli(['ignore', keys[0]!, '--reason', 'oops', '--debug'], { cwd: dir });
    expect(pasted.code).toBe(2);
    const files = ['.keyward-baseline.json', '.keywardignore.yaml'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(leaks(base.stdout + base.stderr + ign.stdout + ign.stderr + pasted.stdout + pasted.stderr + files, keys)).toEqual([]);
  });

  it('--debug shows the dropped candidates, redacted (so the check above reads debug output)', () => {
    const { dir, keys } = plantedRepo();
    const r = runCli(['staged', '--debug'], { cwd: dir });
    expect(r.stderr).toMatch(/debug: dropped github-token at app\.txt:2 \S+\*{8}/);
    expect(r.stderr).toContain(keys[3]!.slice(0, 8));
  });

  it('--no-redact prints them in full (so the checks above can fail)', () => {
    const { dir, keys } = plantedRepo();
    const r = runCli(['scan', '.', '--no-redact', '--debug', '--format', 'json'], { cwd: dir });
    expect(leaks(r.stdout + r.stderr, keys).length).toBeGreaterThanOrEqual(3);
  });

  it('an error after secrets were found shows neither secrets nor a stack without --debug', () => {
    const { dir, keys } = plantedRepo();
    fs.mkdirSync(path.join(dir, 'out.json'));
    const plain = runCli(['scan', '.', '--output', 'out.json'], { cwd: dir });
    expect(plain.code).toBe(2);
    expect(plain.stderr.split('\n')[0]).toMatch(/^keyward: cannot write the report to .*: it is a directory/);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = runCli(['scan', '.', '--output', 'out.json', '--debug'], { cwd: dir });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
    expect(leaks(plain.stdout + plain.stderr + debug.stdout + debug.stderr, keys)).toEqual([]);
  });
});
