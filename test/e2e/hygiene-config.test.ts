import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { gitRepo, writeFiles } from '../helpers/tmp.js';

/** A repository whose .env is not ignored: a whole-file hygiene finding, no secret. */
const repoWithUnignoredEnv = () => gitRepo({ '.env': 'DEBUG=1\n', 'app.js': 'x\n' });

describe('hygiene settings and suppression', () => {
  it('turns off the hygiene checks of keyward scan with hygiene: off, but not keyward hygiene', () => {
    const dir = repoWithUnignoredEnv();
    const on = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(on.code).toBe(1);
    expect(on.json().findings.map((f) => f.ruleId)).toEqual(['hygiene-secret-file-not-ignored']);
    writeFiles(dir, { '.keyward.yaml': 'hygiene: {enabled: false}\n' });
    expect(runCli(['scan', '.'], { cwd: dir }).code).toBe(0);
    expect(runCli(['hygiene', '.'], { cwd: dir }).code).toBe(1);
  });

  it('ignores a hygiene finding by its fingerprint, and baselines it', () => {
    const dir = repoWithUnignoredEnv();
    const fp = runCli(['scan', '.', '--format', 'json'], { cwd: dir }).json().findings[0]!.fingerprint as string;
    expect(runCli(['baseline'], { cwd: dir }).code).toBe(0);
    expect(runCli(['scan', '.', '--baseline', '.keyward-baseline.json'], { cwd: dir }).code).toBe(0);
    expect(runCli(['ignore', fp, '--reason', 'local settings only, no keys'], { cwd: dir }).code).toBe(0);
    expect(runCli(['scan', '.'], { cwd: dir }).code).toBe(0);
    expect(runCli(['ignore', '--unused'], { cwd: dir }).code).toBe(0);
  });
});
