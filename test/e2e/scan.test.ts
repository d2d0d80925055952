import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fake } from '../helpers/fake-keys.js';
import { ROOT, builtinsLoaded, runCli } from '../helpers/cli.js';
import { gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

function plantedTree() {
  const keys = { sk: fake.sk(), sub: fake.skSub(), live: fake.stripeLive(), min: fake.sk() };
  const minified = 'function a(b){return b*2}var c=[1,2,3].map(a);'.repeat(450);
  const dir = tmpDir();
  writeFiles(dir, {
    '.env': `# local settings\nOPENAI_API_KEY=${keys.sk}\n`,
    'app/main.py': `import os\r\n\r\nclient = Client(api_key="${keys.sub}")\r\n`,
    Dockerfile: `FROM node:20\nENV STRIPE_KEY=${keys.live}\nCMD ["node", "index.js"]\n`,
    'dist/bundle.min.js': `${minified}window.__k="${keys.min}";`,
    'docs/README.md': [
      'OPENAI_API_KEY=sk-your-api-key',
      'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'key = "sk-abc123..."',
      'STRIPE=sk_live_abc123',
      'API_KEY=your_api_key_here',
      'API_KEY=your-api-key-here',
      'API_KEY=${OPENAI_API_KEY}',
      'token: {{ .Values.token }}',
      'token: <your-token>',
      `id: task-${'Ab3'.repeat(14)}`,
    ].join('\n'),
  });
  return { dir, keys, minifiedColumn: minified.length + 'window.__k="'.length + 1 };
}

describe('keyward scan', () => {
  it('finds planted keys at the exact line, exits 1 and never prints a raw key', () => {
    const { dir, keys, minifiedColumn } = plantedTree();
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const found = r.json().findings.map((f) => [f.file, f.line, f.column, f.ruleId]);
    expect(found).toEqual([
      ['.env', 2, 16, 'sk-standard-key'],
      ['Dockerfile', 2, 16, 'stripe-live-secret-key'],
      ['app/main.py', 3, 26, 'sk-subscription-key'],
      ['dist/bundle.min.js', 1, minifiedColumn, 'sk-standard-key'],
    ]);
    for (const k of Object.values(keys)) {
      expect(r.stdout).not.toContain(k);
      expect(r.stderr).not.toContain(k);
    }
    const pretty = runCli(['scan', dir], { cwd: dir });
    expect(pretty.code).toBe(1);
    for (const k of Object.values(keys)) expect(pretty.stdout).not.toContain(k);
  });

  it('prints the full secret only with --no-redact', () => {
    const { dir, keys } = plantedTree();
    const r = runCli(['scan', dir, '--format', 'json', '--no-redact'], { cwd: dir });
    expect(r.json().findings.map((f) => f.secret)).toContain(keys.sk);
  });

  it('writes the documented JSON report shape', () => {
    const { dir } = plantedTree();
    const report = runCli(['scan', '--format', 'json'], { cwd: dir }).json();
    expect(Object.keys(report)).toEqual(['version', 'tool', 'findings', 'stats', 'notes']);
    expect(report.version).toBe(1);
    expect(report.tool).toMatchObject({ name: 'keyward' });
    expect(Object.keys(report.findings[0]!)).toEqual(expect.arrayContaining(['ruleId', 'title', 'kind', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'secret', 'fingerprint', 'commit', 'author', 'email', 'date', 'remediation']));
    expect(report.findings[0]).toMatchObject({ kind: 'secret', commit: null, author: null, email: null, date: null });
    expect(report.stats).toMatchObject({ files: 5, skipped: { binary: 0, tooLarge: 0 } });
    expect(typeof report.stats.durationMs).toBe('number');
  });

  it('exits 0 on a clean tree', () => {
    const dir = tmpDir();
    writeFiles(dir, { 'index.js': 'console.log("hello")\n', '.env.example': 'OPENAI_API_KEY=sk-your-api-key\n' });
    const r = runCli(['scan', dir], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no secrets found');
    const quiet = runCli(['scan', dir, '--quiet'], { cwd: dir });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout, '--quiet prints nothing, not even an empty line').toBe('');
  });

  it('exits 2 with a message when a path does not exist', () => {
    const r = runCli(['scan', 'does-not-exist'], { cwd: tmpDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('path not found');
  });

  it('exits 2 on an unknown option or format', () => {
    const dir = tmpDir();
    expect(runCli(['scan', '--bogus'], { cwd: dir }).code).toBe(2);
    expect(runCli(['scan', '--format', 'xml'], { cwd: dir }).code).toBe(2);
  });

  it('skips binary and oversized files and counts them', () => {
    const dir = tmpDir();
    writeFiles(dir, {
      'image.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(`k=${fake.sk()}`)]),
      'big.txt': `k=${fake.sk()}\n` + 'x'.repeat(2048),
      'ok.txt': 'nothing\n',
    });
    const r = runCli(['scan', dir, '--format', 'json', '--max-file-size', '1k'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.json().stats).toMatchObject({ files: 1, skipped: { binary: 1, tooLarge: 1 } });
  });

  it('keeps scanning past an unreadable file and counts it', () => {
    const dir = tmpDir();
    writeFiles(dir, { 'secret.txt': `k=${fake.sk()}\n`, 'locked.txt': 'x\n' });
    fs.chmodSync(path.join(dir, 'locked.txt'), 0o000);
    // root reads any file: run as an unprivileged user when we are root.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir, ...asUser });
    expect(r.code).toBe(1);
    expect(r.json().stats.skipped.unreadable).toBe(1);
  });

  it('decodes invalid UTF-8 without crashing and still finds the key', () => {
    const dir = tmpDir();
    const sk = fake.sk();
    writeFiles(dir, { 'latin.txt': Buffer.concat([Buffer.from([0xe9, 0xff, 0xfe, 0x0a]), Buffer.from(`key=${sk}\n`)]) });
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir });
    expect(r.json().findings.map((f) => f.line)).toEqual([2]);
  });

  it('counts columns in UTF-16 code units after non-ASCII text, in UTF-8 and UTF-16 files', () => {
    const dir = tmpDir();
    const sk = fake.sk();
    const line = `clé = "🔑 ${sk}"`;
    writeFiles(dir, {
      'utf8.txt': `# ünïcode\n${line}\n`,
      'utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`# ünïcode\n${line}\n`, 'utf16le')]),
    });
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir });
    const col = line.indexOf(sk) + 1;
    expect(r.json().findings.map((f) => [f.file, f.line, f.column, f.endColumn])).toEqual([
      ['utf16.txt', 2, col, col + sk.length - 1],
      ['utf8.txt', 2, col, col + sk.length - 1],
    ]);
  });

  it('honours .gitignore in a repository, and --no-ignore scans ignored files too', () => {
    const dir = gitRepo({ '.gitignore': 'local/\n', 'local/keys.txt': `k=${fake.sk()}\n`, 'src/app.js': 'x\n' });
    expect(runCli(['scan', dir, '--format', 'json'], { cwd: dir }).code).toBe(0);
    expect(runCli(['scan', dir, '--format', 'json', '--no-ignore'], { cwd: dir }).code).toBe(1);
  });

  it('does not follow symlinks and never blocks on a FIFO', () => {
    const dir = tmpDir();
    const outside = tmpDir();
    writeFiles(outside, { 'secret.txt': `k=${fake.sk()}\n` });
    fs.symlinkSync(outside, path.join(dir, 'link-out'));
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir, timeout: 20_000 });
    expect(r.code).toBe(0);
    expect(r.json().stats.skipped.special).toBe(1);
  });

  it('writes the report to --output and colours nothing with NO_COLOR', () => {
    const { dir } = plantedTree();
    const out = path.join(tmpDir(), 'report.json');
    const r = runCli(['scan', dir, '--format', 'json', '--output', out], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).findings).toHaveLength(4);
    const pretty = runCli(['scan', dir], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(pretty.stdout).not.toMatch(/\u001b\[/);
  });

  it('calls an --output that is a directory a usage error, exit 2, not an internal error', () => {
    const { dir } = plantedTree();
    const r = runCli(['scan', dir, '--format', 'json', '--output', tmpDir()], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it is a directory');
    expect(r.stderr).not.toContain('internal error');
  });

  it('explains dropped candidates with --debug without printing the secret', () => {
    const dir = tmpDir();
    const sk = fake.sk();
    writeFiles(dir, { 'a.txt': `k=${sk} # keyward:allow\n` });
    const r = runCli(['scan', dir, '--debug'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('dropped sk-standard-key at a.txt:1');
    expect(r.stderr).toContain('allow-comment');
    expect(r.stderr).not.toContain(sk);
  });

  it('lists exit codes in --help and prints --version', () => {
    const dir = tmpDir();
    const help = runCli(['--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect(runCli(['--version'], { cwd: dir }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 0 when scanning its own repository', () => {
    const r = runCli(['scan', '.'], { cwd: ROOT });
    expect(r.stdout + r.stderr).toContain('no secrets found');
    expect(r.code).toBe(0);
  });
});

describe('keyward scan of an ignored folder inside a repository', () => {
  it('scans a folder that .gitignore excludes when it is named explicitly', () => {
    const dir = gitRepo({ '.gitignore': '.cache/\n', '.cache/sub/keys.txt': `k=${fake.sk()}\n` });
    const r = runCli(['scan', path.join(dir, '.cache', 'sub'), '--format', 'json', '--no-hygiene'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.json().findings.map((f) => f.file)).toEqual(['keys.txt']);
  });
});

describe('keyward scan start-up', () => {
  const crypto = (modules: string[]) => modules.filter((m) => /^NativeModule (internal\/)?crypto/.test(m));

  it('does not load node:crypto for a clean tree (~10 ms); a finding loads it, for its fingerprint', () => {
    const dir = tmpDir();
    writeFiles(dir, { 'src/add.js': 'export const add = (a, b) => a + b;\n', 'README.md': 'token: <your-token>\n' });
    const clean = builtinsLoaded(dir, ['scan', '.', '--format', 'json']);
    expect(clean.code).toBe(0);
    expect(crypto(clean.modules)).toEqual([]);
    writeFiles(dir, { '.env': `OPENAI_API_KEY=${fake.sk()}\n` });
    const found = builtinsLoaded(dir, ['scan', '.', '--format', 'json']);
    expect(found.code).toBe(1);
    expect(crypto(found.modules)).not.toEqual([]);
  });

  it("sets its V8 flags before it loads the CLI (bin/v8-flags.js: never while code runs)", () => {
    const dir = tmpDir();
    writeFiles(dir, { 'a.txt': 'token: none\n' });
    const r = builtinsLoaded(dir, ['scan', '.', '--format', 'json']);
    expect(r.code).toBe(0);
    // The bin loads node:vm to run the CLI's bundle with its code cache.
    expect(r.modules).toContain('NativeModule v8');
    expect(r.modules.indexOf('NativeModule v8')).toBeLessThan(r.modules.indexOf('NativeModule vm'));
    // And after the built-in modules a scan needs, which node then takes from its own code cache (bin/v8-flags.js).
    for (const m of ['child_process', 'worker_threads']) expect(r.modules.indexOf(`NativeModule ${m}`), m).toBeLessThan(r.modules.indexOf('NativeModule v8'));
  });
});
