import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverRepo } from '../../src/git/discover-repo.js';
import { askGit, repoState } from '../../src/git/staged-repo-state.js';
import { committedRepo, git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

/** The test process's environment without git's variables, as a shell outside any hook has it. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
const env = (dir: string, more: Record<string, string> = {}) => ({ ...ENV, HOME: dir, GIT_CONFIG_NOSYSTEM: '1', ...more });

/** What the staged scan is told, read from the files and from git rev-parse: the same, HEAD's name aside. */
async function bothWays(repo: string, cwd = repo) {
  const files = discoverRepo(cwd, env(repo));
  expect(files, 'read from the files').toBeDefined();
  const fromFiles = await repoState(cwd, env(repo));
  const fromGit = await askGit(cwd, env(repo));
  expect({ ...fromFiles, head: fromFiles.head !== undefined }).toEqual({ ...fromGit, head: fromGit.head !== undefined });
  return fromGit;
}

describe('the repository read from its files (the hook without git rev-parse)', () => {
  it('finds the top level from a subfolder, and HEAD on a branch', async () => {
    const dir = committedRepo({ 'src/deep/a.txt': 'a\n' });
    expect((await bothWays(dir, path.join(dir, 'src', 'deep'))).top).toBe(dir);
  });

  it('tells an unborn branch (before the first commit), a detached HEAD and a packed branch', async () => {
    const fresh = gitRepo();
    expect((await bothWays(fresh)).head).toBeUndefined();
    const dir = committedRepo();
    git(dir, 'checkout', '-q', '--detach');
    expect((await bothWays(dir)).head).toBeDefined();
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'pack-refs', '--all');
    expect(fs.existsSync(path.join(dir, '.git', 'refs', 'heads', 'main'))).toBe(false);
    expect((await bothWays(dir)).head).toBeDefined();
    git(dir, 'checkout', '-q', '--orphan', 'other');
    expect((await bothWays(dir)).head).toBeUndefined();
  });

  it('reads the merge heads of a merge in progress', async () => {
    const dir = committedRepo({ 'a.txt': 'base\n' });
    git(dir, 'checkout', '-q', '-b', 'side');
    writeFiles(dir, { 'a.txt': 'side\n' });
    git(dir, 'commit', '-q', '-am', 'side');
    git(dir, 'checkout', '-q', 'main');
    writeFiles(dir, { 'a.txt': 'main\n' });
    git(dir, 'commit', '-q', '-am', 'main');
    expect(() => git(dir, 'merge', 'side')).toThrow();
    expect((await bothWays(dir)).mergeHeads).toHaveLength(1);
  });

  it('leaves to git what its files may not tell', () => {
    const dir = committedRepo();
    const linked = path.join(tmpDir(), 'linked');
    git(dir, 'worktree', 'add', '-q', linked);
    const cases: [string, string, Record<string, string>?][] = [
      ['a linked work tree (.git is a file)', linked],
      ['GIT_DIR set', dir, { GIT_DIR: path.join(dir, '.git') }],
      ['config from the environment', dir, { GIT_CONFIG_PARAMETERS: "'core.worktree'='/elsewhere'" }],
      ['a folder inside .git', path.join(dir, '.git', 'refs')],
      ['no repository', tmpDir()],
    ];
    for (const [what, cwd, more] of cases) expect(discoverRepo(cwd, env(dir, more)), what).toBeUndefined();
    for (const setting of [['core.worktree', dir], ['core.bare', 'true'], ['include.path', 'other.config'], ['extensions.worktreeConfig', 'true']]) {
      const repo = committedRepo();
      git(repo, 'config', setting[0]!, setting[1]!);
      expect(discoverRepo(repo, env(repo)), setting[0]).toBeUndefined();
    }
    const odd = committedRepo();
    fs.writeFileSync(path.join(odd, '.git', 'HEAD'), 'ref: refs/heads/../../../HEAD\n');
    expect(discoverRepo(odd, env(odd)), 'a HEAD that leaves the refs').toBeUndefined();
    const sha256 = tmpDir();
    git(sha256, 'init', '-q', '--object-format=sha256');
    expect(discoverRepo(sha256, env(sha256)), 'SHA-256').toBeUndefined();
  });

  it('takes the variables git sets for a pre-commit hook', async () => {
    const dir = committedRepo();
    const hookEnv = { GIT_INDEX_FILE: '.git/index', GIT_PREFIX: '', GIT_EDITOR: ':', GIT_EXEC_PATH: '/usr/lib/git-core', GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@b', GIT_AUTHOR_DATE: '@1 +0000' };
    expect(discoverRepo(dir, env(dir, hookEnv))).toEqual({ top: dir, gitDir: path.join(dir, '.git'), hasHead: true });
  });
});
