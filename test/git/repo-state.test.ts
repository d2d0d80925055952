import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitError } from '../../src/errors.js';
import { repoState } from '../../src/git/repo-state.js';
import { committedRepo, git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

const committed = () => committedRepo({ 'src/app.js': 'x\n' });

describe('repoState', () => {
  it('answers from a subfolder with the top level, and sees the commits and HEAD', async () => {
    const dir = committed();
    expect(await repoState(path.join(dir, 'src'))).toEqual({ root: dir, bare: false, shallow: false, hasCommits: true, hasHead: true, partial: false });
  });

  it('tells a repository without commits, and one whose only commit is on another branch than HEAD', async () => {
    const empty = gitRepo();
    expect(await repoState(empty)).toMatchObject({ hasCommits: false, hasHead: false });
    const dir = committed();
    git(dir, 'checkout', '-q', '--orphan', 'unborn');
    expect(await repoState(dir)).toMatchObject({ hasCommits: true, hasHead: false });
  });

  it('takes the git folder as the root of a bare repository, and says when blobs may be missing', async () => {
    const bare = path.join(tmpDir(), 'bare.git');
    git(committed(), 'clone', '-q', '--bare', '.', bare);
    git(bare, 'config', 'extensions.partialClone', 'origin');
    expect(await repoState(bare)).toMatchObject({ root: bare, bare: true, hasCommits: true, partial: true });
  });

  it('refuses a folder outside any repository and the inside of a .git folder, saying which', async () => {
    const outside = tmpDir();
    writeFiles(outside, { 'a.txt': 'a' });
    await expect(repoState(outside)).rejects.toThrow(GitError);
    await expect(repoState(outside)).rejects.toThrow(`not a git repository: ${outside}`);
    const inside = path.join(committed(), '.git');
    await expect(repoState(inside)).rejects.toThrow(/no work tree at .*inside a \.git folder/);
  });

  it('refuses a repository whose refs point at commits it cannot read, naming git\'s complaint', async () => {
    const dir = committed();
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    fs.rmSync(path.join(dir, '.git', 'objects', head.slice(0, 2), head.slice(2)));
    await expect(repoState(dir)).rejects.toThrow(/^cannot read the commits of .+: .*bad object/);
  });
});
