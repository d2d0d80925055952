import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fake, randomChars } from '../helpers/fake-keys.js';
import { realPkcs12 } from '../helpers/pkcs12.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

// KEYWARD_WORKERS=N (hidden) sends every fragment to N detection worker threads; 0 scans on the main thread only.
const run = (args: string[], cwd: string, workers: string, extra: Record<string, string> = {}) =>
  runCli([...args, '--format', 'json', '--no-redact'], { cwd, env: { KEYWARD_WORKERS: workers, ...extra } });

/** The report without the fields that differ from run to run. */
const comparable = (stdout: string) => {
  const report = JSON.parse(stdout) as Record<string, unknown> & { stats: Record<string, unknown> };
  delete report.stats.durationMs;
  return report;
};

/** Files with secrets on many lines, a file past the 512 KB piece size with secrets across its pieces, a key store, and clean filler. */
function secretFiles(): Record<string, string | Buffer> {
  const files: Record<string, string | Buffer> = { 'certs/signing.p12': realPkcs12() };
  for (let i = 0; i < 40; i++) files[`src/mod${i}.js`] = `// module ${i}\nconst a = 1;\n${i % 3 === 0 ? `const key = "${fake.sk()}";\n` : ''}export const TOKEN = "${i % 4 === 0 ? fake.github() : 'none'}";\n`;
  const filler = Array.from({ length: 12_000 }, (_, i) => `line ${i} ${randomChars(40)}`);
  for (const at of [10, 5_000, 11_000, 11_990]) filler[at] = `AWS_ACCESS_KEY_ID=${fake.aws()} # ${at}`;
  files['data/big.txt'] = filler.join('\n') + '\n';
  files['.env'] = `OPENAI_API_KEY=${fake.sk()}\nGITHUB_TOKEN=${fake.github()}\n`;
  return files;
}

function commitAll(dir: string, message: string, date: string): void {
  if (!dir.startsWith(fs.realpathSync(os.tmpdir()))) throw new Error(`refusing to commit outside the temp dir: ${dir}`);
  git(dir, 'add', '-A');
  execFileSync('git', ['commit', '-q', '-m', message], { cwd: dir, env: { ...process.env, HOME: dir, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
}

describe('detection worker threads', () => {
  it('report the same findings, in the same order, as a single-threaded scan of a working tree', () => {
    const dir = tmpDir();
    writeFiles(dir, secretFiles());
    const single = run(['scan', dir, '--no-hygiene'], dir, '0');
    const threaded = run(['scan', dir, '--no-hygiene'], dir, '2');
    expect(single.code).toBe(1);
    expect(threaded.code).toBe(1);
    const findings = comparable(single.stdout).findings as Array<{ ruleId: string }>;
    expect(findings.length).toBeGreaterThan(20);
    expect(findings.some((f) => f.ruleId === 'pkcs12-key-store')).toBe(true);
    expect(comparable(threaded.stdout)).toEqual(comparable(single.stdout));
    expect(threaded.stderr).toBe(single.stderr);
  });

  it('report the same findings, attributed to the same commits, as a single-threaded scan of a git history', () => {
    const dir = gitRepo();
    const files = secretFiles();
    writeFiles(dir, files);
    commitAll(dir, 'first', '2024-01-01T10:00:00Z');
    // The same secrets again in new files (first occurrence stays with the first commit), and one new secret.
    writeFiles(dir, { 'copy/.env': files['.env']!, 'certs/copy.pfx': files['certs/signing.p12']!, 'src/mod1.js': `const late = "${fake.sk()}";\n` });
    commitAll(dir, 'second', '2024-01-02T10:00:00Z');
    const single = run(['history', dir], dir, '0');
    const threaded = run(['history', dir], dir, '2');
    expect(single.code).toBe(1);
    expect(comparable(threaded.stdout)).toEqual(comparable(single.stdout));
    expect(new Set((comparable(single.stdout).findings as Array<{ commit: string }>).map((f) => f.commit)).size).toBe(2);
  });

  it('report only the added lines of a staged change, as a single-threaded scan does', () => {
    const old = fake.sk();
    const added = fake.github();
    const dir = gitRepo({ 'config.js': `const a = "${old}";\n` });
    commitAll(dir, 'old secret', '2024-01-01T10:00:00Z');
    writeFiles(dir, { 'config.js': `const a = "${old}";\nconst b = "${added}";\n` });
    git(dir, 'add', '-A');
    const single = run(['staged'], dir, '0');
    const threaded = run(['staged'], dir, '1');
    expect((comparable(threaded.stdout).findings as Array<{ secret: string }>).map((f) => f.secret)).toEqual([added]);
    expect(comparable(threaded.stdout)).toEqual(comparable(single.stdout));
  });

  it('count and explain skipped files as a single-threaded scan does when the workers read the files themselves', () => {
    const dir = tmpDir();
    const files = secretFiles();
    files['big/huge.log'] = `x=${randomChars(9_000)}\n`;
    files['bin/blob.dat'] = Buffer.from([1, 0, 2, 0, 3]);
    writeFiles(dir, files);
    const single = run(['scan', dir, '--no-hygiene', '--debug', '--max-file-size', '8k'], dir, '0');
    const threaded = run(['scan', dir, '--no-hygiene', '--debug', '--max-file-size', '8k'], dir, '2');
    const stats = comparable(single.stdout).stats as { skipped: Record<string, number> };
    expect(stats.skipped.tooLarge).toBeGreaterThan(0);
    expect(stats.skipped.binary).toBe(1);
    expect(single.stderr).toMatch(/debug: skipped big\/huge\.log \(tooLarge/);
    expect(comparable(threaded.stdout)).toEqual(comparable(single.stdout));
    expect(threaded.stderr).toBe(single.stderr);
  });

  it('keep --debug explaining dropped candidates', () => {
    const dir = tmpDir();
    writeFiles(dir, { 'a.env': 'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n' });
    const single = run(['scan', dir, '--no-hygiene', '--debug'], dir, '0');
    const threaded = run(['scan', dir, '--no-hygiene', '--debug'], dir, '1');
    expect(single.stderr).toMatch(/debug: /);
    expect(threaded.stderr).toBe(single.stderr);
  });

  it('end the scan with exit 2 and a clear message, never a clean report, when a worker fails', () => {
    const dir = tmpDir();
    writeFiles(dir, { 'a.txt': 'nothing to see\n' });
    for (const args of [['scan', dir], ['history', gitRepoWithCommit()]]) {
      const r = run(args, dir, '1', { KEYWARD_TEST_WORKER_FAIL: '1' });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/a detection worker thread failed/);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });
});

// KEYWARD_READ_THREAD=0 (hidden) reads a long listing on the main thread instead of the file reader thread.
describe('the file reader thread', () => {
  /** secretFiles and 400 more, so that the listing is long enough for the thread; one file is larger than its ring slots. */
  function longTree(): string {
    const dir = tmpDir();
    const files = secretFiles();
    for (let i = 0; i < 400; i++) files[`pkg/f${String(i).padStart(3, '0')}.js`] = i % 50 === 7 ? `export const token = "${fake.github()}";\n` : `export const n${i} = ${i}; // token, secret, password\n`;
    files['pkg/bundle.min.js'] = Array.from({ length: 40_000 }, (_, i) => (i === 39_000 ? `var k="${fake.sk()}";` : `var a${i}=${i};`)).join('');
    files['big/huge.log'] = `x=${randomChars(9_000)}\n`;
    files['bin/blob.dat'] = Buffer.from([1, 0, 2, 0, 3]);
    writeFiles(dir, files);
    return dir;
  }

  it('gives the same report as reading on the main thread, binary key stores and skips included', () => {
    const dir = longTree();
    for (const extra of [[], ['--debug', '--max-file-size', '8k']]) {
      const single = run(['scan', dir, '--no-hygiene', ...extra], dir, '0', { KEYWARD_READ_THREAD: '0' });
      const threaded = run(['scan', dir, '--no-hygiene', ...extra], dir, '0');
      expect(single.code).toBe(1);
      expect(comparable(threaded.stdout)).toEqual(comparable(single.stdout));
      expect(threaded.stderr).toBe(single.stderr);
    }
    const report = comparable(run(['scan', dir, '--no-hygiene'], dir, '0').stdout) as { findings: Array<{ ruleId: string; file: string }> };
    expect(report.findings.some((f) => f.ruleId === 'pkcs12-key-store')).toBe(true);
    expect(report.findings.some((f) => f.file === 'pkg/bundle.min.js')).toBe(true);
    expect(report.findings.filter((f) => f.file.startsWith('pkg/f')).length).toBe(8);
  });
});

function gitRepoWithCommit(): string {
  const dir = gitRepo({ 'a.txt': 'nothing to see\n' });
  commitAll(dir, 'one', '2024-01-01T10:00:00Z');
  return dir;
}
