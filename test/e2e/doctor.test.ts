import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo } from '../helpers/tmp.js';

const env = (dir: string) => ({ HOME: dir, GIT_CONFIG_NOSYSTEM: '1' });

describe('keyward doctor', () => {
  it('reports an installed hook that blocks a canary key, then a removed hook', () => {
    const dir = gitRepo({ 'README.md': 'hello\n' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    expect(runCli(['install'], { cwd: dir, env: env(dir) }).code).toBe(0);
    const before = git(dir, 'status', '--porcelain');

    const ok = runCli(['doctor', '--format', 'json'], { cwd: dir, env: env(dir) });
    const checks = Object.fromEntries((JSON.parse(ok.stdout).checks as { name: string; status: string; detail: string }[]).map((c) => [c.name, c]));
    expect(checks.hook?.status).toBe('ok');
    expect(checks.canary).toMatchObject({ status: 'ok' });
    expect(ok.code).toBe(0);
    // The canary never touches the real index or the work tree.
    expect(git(dir, 'status', '--porcelain')).toBe(before);
    expect(git(dir, 'ls-files')).not.toContain('canary');

    fs.rmSync(path.join(dir, '.git', 'hooks', 'pre-commit'));
    const gone = runCli(['doctor'], { cwd: dir, env: env(dir) });
    expect(gone.code).toBe(1);
    expect(gone.stdout).toMatch(/✗ hook: not installed/);
  });

  it('fails the canary check when the hook line does not block', () => {
    const dir = gitRepo({ 'README.md': 'hello\n' });
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    fs.writeFileSync(hook, '#!/bin/sh\nkeyward staged || true # keyward-hook\n', { mode: 0o755 });
    const r = runCli(['doctor'], { cwd: dir, env: env(dir) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ canary: the hook did NOT block a canary key');
  });

  it('reports a broken config', () => {
    const dir = gitRepo({ '.keyward.yaml': 'allow: [oops\n' });
    const r = runCli(['doctor'], { cwd: dir, env: env(dir) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ config: invalid config .keyward.yaml/);
  });
});
