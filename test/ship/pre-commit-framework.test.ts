import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { fake } from '../helpers/fake-keys.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

// The real pre-commit framework installs this checkout as a hook repository (`npm install --prod`, `npm pack`,
// `npm install -g` of the tarball) and runs both hooks. That takes ~40 s and needs the npm registry, so it runs only
// when asked (KEYWARD_PRE_COMMIT_TEST=1, which .ci/run sets) and when `pre-commit` is installed (Debian: pre-commit).
const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const asked = process.env.KEYWARD_PRE_COMMIT_TEST === '1';
const skipReason = !asked ? 'set KEYWARD_PRE_COMMIT_TEST=1 to run it' : !hasPreCommit ? '`pre-commit` is not installed (apt-get install pre-commit)' : '';

describe.skipIf(skipReason !== '')(`pre-commit framework${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('installs keyward from a git checkout and both hooks block: a staged key and a key in history', () => {
    const repo = gitRepo({ 'old.py': `token = "${fake.github()}"\n` });
    git(repo, 'add', 'old.py');
    git(repo, 'commit', '-q', '-m', 'old');
    writeFiles(repo, { 'config.py': `aws_key = "${fake.aws()}"\n` });
    git(repo, 'add', 'config.py');

    const env = {
      ...process.env,
      PRE_COMMIT_HOME: tmpDir('keyward-pre-commit-home-'),
      GIT_AUTHOR_NAME: 'Test Author', GIT_AUTHOR_EMAIL: 'author@example.invalid',
      GIT_COMMITTER_NAME: 'Test Author', GIT_COMMITTER_EMAIL: 'author@example.invalid',
      NO_COLOR: '1',
    };
    // --hook-stage manual runs `keyward` (all stages) and `keyward-history` (manual only) with one install.
    const r = spawnSync('pre-commit', ['try-repo', ROOT, '--hook-stage', 'manual'], { cwd: repo, env, encoding: 'utf8', timeout: 280_000 });
    const out = `${r.stdout}\n${r.stderr}`;

    expect(out).not.toMatch(/An unexpected error has occurred/);
    expect(out).toMatch(/keyward \(secrets in staged changes\)\.+Failed/);
    expect(out).toMatch(/keyward history audit\.+Failed/);
    expect(out).toMatch(/config\.py[\s\S]*AWS access key ID/);
    expect(out).toMatch(/old\.py/);
    expect(r.status).toBe(1);
  }, 300_000);
});
