import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fake } from '../helpers/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { tmpDir, writeFiles } from '../helpers/tmp.js';

describe('hostile working trees', () => {
  it('skips a 1 GB file by its size without reading it', () => {
    const dir = tmpDir();
    const fd = fs.openSync(path.join(dir, 'huge.log'), 'w');
    fs.ftruncateSync(fd, 1024 ** 3); // sparse: no disk space, but reading it would take seconds and 1 GB of memory
    fs.closeSync(fd);
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir, timeout: 20_000 });
    expect(r.code).toBe(0);
    expect(r.json().stats.skipped.tooLarge).toBe(1);
  });

  it('reports a key at the end of a 30 MB single-line file', () => {
    const dir = tmpDir();
    const sk = fake.sk();
    const line = 'a=function(b){return b&&b.c?b.c(1):null};'.repeat(750_000);
    fs.writeFileSync(path.join(dir, 'bundle.min.js'), `${line}k="${sk}";`);
    const r = runCli(['scan', dir, '--format', 'json', '--max-file-size', '64m'], { cwd: dir, timeout: 30_000 });
    expect(r.code).toBe(1);
    expect(r.json().findings.map((f) => [f.line, f.column])).toEqual([[1, line.length + 4]]);
  });

  it('finds keys in UTF-16 files with a byte-order mark', () => {
    const dir = tmpDir();
    const le = fake.sk();
    const be = fake.sk();
    const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
    writeFiles(dir, {
      'le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`first\r\nKEY=${le}\r\n`, 'utf16le')]),
      'be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(`KEY=${be}\n`)]),
    });
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir });
    expect(r.json().findings.map((f) => [f.file, f.line, f.column])).toEqual([
      ['be.txt', 1, 5],
      ['le.txt', 2, 5],
    ]);
  });

  it('handles deeply nested folders and odd file names', () => {
    const dir = tmpDir();
    const deep = Array.from({ length: 120 }, (_, i) => `d${i}`).join('/');
    writeFiles(dir, {
      [`${deep}/deep.env`]: `K=${fake.sk()}\n`,
      'with space.env': `K=${fake.sk()}\n`,
      'ünïcödé-ключ.env': `K=${fake.sk()}\n`,
      '-leading-dash.env': `K=${fake.sk()}\n`,
    });
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const files = r.json().findings.map((f) => f.file);
    expect(files).toHaveLength(4);
    expect(files).toEqual(expect.arrayContaining([`${deep}/deep.env`, 'with space.env', 'ünïcödé-ключ.env', '-leading-dash.env']));
  });

  it('scans a file whose name contains a newline', () => {
    const dir = tmpDir();
    writeFiles(dir, { 'new\nline.env': `K=${fake.sk()}\n` });
    const r = runCli(['scan', dir, '--format', 'json'], { cwd: dir });
    expect(r.json().findings.map((f) => f.file)).toEqual(['new\nline.env']);
  });

  it('scans a file named with a leading dash when passed after --', () => {
    const dir = tmpDir();
    writeFiles(dir, { '-rf': `K=${fake.sk()}\n` });
    const r = runCli(['scan', '--format', 'json', '--', '-rf'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.json().findings.map((f) => f.file)).toEqual(['-rf']);
  });
});
