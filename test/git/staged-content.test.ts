import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkedContent } from '../../src/git/parse-diff.js';
import { stagedDiff } from '../../src/git/staged-diff.js';
import { committedRepo, git, writeFiles } from '../helpers/tmp.js';

const blob = (dir: string, sha: string) => execFileSync('git', ['cat-file', 'blob', sha], { cwd: dir });
const env = (dir: string) => ({ ...process.env, HOME: dir, GIT_CONFIG_NOSYSTEM: '1' });
describe("the staged diff's file contents (what the hook scans without git cat-file)", () => {
  it("are each changed text file's staged bytes, exactly as git stores them", async () => {
    const lines = (n: number, end = '\n') => Array.from({ length: n }, (_, i) => `line ${i + 1}${end}`).join('');
    const dir = committedRepo({
      'crlf.txt': lines(5, '\r\n'),
      'bare-end.txt': 'a\nb\nc',
      'bare-kept.txt': 'a\nb\nc',
      'gains-end.txt': 'a\nb',
      'blank.txt': 'a\n\n\nb\n',
      'latin1.txt': Buffer.from('caf\xe9 \xff\xfe\n', 'latin1'),
      'old-name.txt': lines(40),
      'long.txt': lines(5000),
    });
    git(dir, 'config', 'diff.suppressBlankEmpty', 'true'); // empty context lines would print bare: the diff overrides it
    writeFiles(dir, {
      'crlf.txt': lines(6, '\r\n'),
      'bare-end.txt': 'a\nB\nc',
      'bare-kept.txt': 'A\nb\nc',
      'gains-end.txt': 'a\nb\nc\n',
      'blank.txt': 'a\n\n\nb\n\nc\n',
      'latin1.txt': Buffer.from('caf\xe9 \xff\xfe\nnew \x80\x81\n', 'latin1'),
      'new/added.txt': 'first\n\nthird',
      'long.txt': lines(2500) + 'inserted\n' + lines(5000).split('\n').slice(2500).join('\n'),
    });
    fs.renameSync(path.join(dir, 'old-name.txt'), path.join(dir, 'new-name.txt'));
    fs.appendFileSync(path.join(dir, 'new-name.txt'), 'appended\n');
    git(dir, 'add', '-A');
    // The working copy moves on after staging: the index's bytes are what count.
    fs.appendFileSync(path.join(dir, 'crlf.txt'), 'unstaged\r\n');
    const entries = await stagedDiff(dir, env(dir), 'HEAD');
    const changed = entries.filter((e) => e.added.length > 0);
    expect(changed.map((e) => e.path).sort()).toEqual(['bare-end.txt', 'bare-kept.txt', 'blank.txt', 'crlf.txt', 'gains-end.txt', 'latin1.txt', 'long.txt', 'new-name.txt', 'new/added.txt']);
    for (const e of changed) {
      expect(e.content, e.path).toBeDefined();
      expect(e.content!.equals(blob(dir, e.dstSha)), e.path).toBe(true);
      expect(checkedContent(e), e.path).toBe(e.content);
    }
  });

  it("are left to git cat-file for a text file over keyward's default size limit: git calls it binary", async () => {
    const big = 'x'.repeat(99) + '\n';
    const dir = committedRepo({ 'dump.sql': big.repeat(110_000) });
    writeFiles(dir, { 'dump.sql': 'changed\n' + big.repeat(110_000) });
    git(dir, 'add', '-A');
    const [entry] = await stagedDiff(dir, env(dir), 'HEAD');
    expect([entry!.path, entry!.binary, entry!.content]).toEqual(['dump.sql', true, undefined]);
  });

  it('are left to git cat-file for binary files and changes without lines', async () => {
    const dir = committedRepo({ 'mode.sh': 'echo hi\n', 'gone.txt': 'bye\n' });
    writeFiles(dir, { 'image.bin': Buffer.from([0, 1, 2, 0, 255, 0]) });
    fs.chmodSync(path.join(dir, 'mode.sh'), 0o755);
    fs.rmSync(path.join(dir, 'gone.txt'));
    git(dir, 'add', '-A');
    const entries = await stagedDiff(dir, env(dir), 'HEAD');
    expect(entries.map((e) => [e.path, e.content])).toEqual([
      ['gone.txt', undefined],
      ['image.bin', undefined],
      ['mode.sh', undefined],
    ]);
  });
});
