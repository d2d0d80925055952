import { describe, expect, it } from 'vitest';
import { pushedCommits } from '../../src/git/pushed.js';
import { setPushed } from '../../src/remediation/pushed.js';
import { historyStep } from '../../src/remediation/steps.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

function commit(dir: string, file: string, text: string): string {
  writeFiles(dir, { [file]: text });
  git(dir, 'add', file);
  git(dir, 'commit', '-qm', `change ${file}`);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

/** A clone-like setup: a bare repository as `origin`, one pushed commit on main, one on a pushed feature branch, one local only. */
function repoWithOrigin() {
  const origin = tmpDir('keyward-origin-');
  git(origin, 'init', '-q', '--bare', '-b', 'main');
  const dir = gitRepo();
  git(dir, 'remote', 'add', 'origin', origin);
  const pushed = commit(dir, 'a.txt', 'one\n');
  git(dir, 'push', '-q', 'origin', 'main');
  git(dir, 'checkout', '-qb', 'feature');
  const feature = commit(dir, 'b.txt', 'two\n');
  git(dir, 'push', '-q', 'origin', 'feature');
  git(dir, 'checkout', '-q', 'main');
  const local = commit(dir, 'c.txt', 'three\n');
  return { dir, pushed, feature, local };
}

describe('pushed or local', () => {
  it('tells commits on a remote-tracking branch from local-only ones, with a real bare origin', async () => {
    const { dir, pushed, feature, local } = repoWithOrigin();
    const map = await pushedCommits(dir, [pushed, feature, local, local.slice(0, 10)]);
    expect(map.get(pushed)).toBe(true);
    expect(map.get(feature)).toBe(true);
    expect(map.get(local)).toBe(false);
    expect(map.get(local.slice(0, 10))).toBe(false);
  });

  it('becomes pushed once the commit is pushed', async () => {
    const { dir, local } = repoWithOrigin();
    expect((await pushedCommits(dir, [local])).get(local)).toBe(false);
    git(dir, 'push', '-q', 'origin', 'main');
    expect((await pushedCommits(dir, [local])).get(local)).toBe(true);
  });

  it('treats every commit as local when the repository has no remote', async () => {
    const dir = gitRepo();
    const a = commit(dir, 'a.txt', 'x\n');
    expect((await pushedCommits(dir, [a])).get(a)).toBe(false);
  });

  it('leaves commits unknown when a remote is configured but was never fetched', async () => {
    const dir = gitRepo();
    const a = commit(dir, 'a.txt', 'x\n');
    git(dir, 'remote', 'add', 'origin', tmpDir('keyward-never-fetched-'));
    expect((await pushedCommits(dir, [a])).has(a)).toBe(false);
  });

  it('leaves commits this repository does not have as unknown', async () => {
    const { dir } = repoWithOrigin();
    const map = await pushedCommits(dir, ['0123456789abcdef0123456789abcdef01234567']);
    expect(map.size).toBe(0);
  });

  it('sets pushed on findings and rewrites their history step to match', async () => {
    const { dir, pushed, local } = repoWithOrigin();
    const f = (commit: string | null) => ({ commit, pushed: null, remediation: ['Revoke it.', historyStep(null), 'Review usage.'] });
    const [a, b, c] = await setPushed(dir, [f(pushed), f(local), f(null)]);
    expect(a).toMatchObject({ pushed: true, remediation: ['Revoke it.', historyStep(true), 'Review usage.'] });
    expect(b).toMatchObject({ pushed: false, remediation: ['Revoke it.', historyStep(false), 'Review usage.'] });
    expect(c).toMatchObject({ pushed: null, remediation: ['Revoke it.', historyStep(null), 'Review usage.'] });
    expect(historyStep(true)).toMatch(/compromised/);
    expect(historyStep(false)).toMatch(/before you push/);
  });
});
