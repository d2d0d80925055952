import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/cli.js';

const load = (file: string) => parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

describe('CI integration files', () => {
  it('action.yml is a composite action with the documented inputs that uploads SARIF and fails on findings', () => {
    const action = load('action.yml');
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['version', 'path', 'scan', 'sarif', 'fail-on-findings', 'args']);
    const steps = action.runs.steps as Array<{ uses?: string; run?: string }>;
    expect(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))).toBe(true);
    const script = steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('--format sarif');
    expect(script).toContain('--format github');
    expect(script).toContain('history --range');
    expect(JSON.stringify(action)).not.toMatch(/licen[cs]e/i);
  });

  it('action.yml follows the composite rules: every run step names its shell, the summary is written, no hashFiles() outside the workspace', () => {
    const steps = load('action.yml').runs.steps as Array<{ uses?: string; run?: string; shell?: string; if?: string }>;
    for (const s of steps) expect(Boolean(s.uses) !== Boolean(s.run)).toBe(true);
    for (const s of steps.filter((x) => x.run)) expect(s.shell).toBe('bash');
    expect(steps.some((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))).toBe(true);
    // The runner's hashFiles() ignores files outside GITHUB_WORKSPACE, so it can never see a report in RUNNER_TEMP.
    for (const s of steps) expect(s.if ?? '').not.toMatch(/hashFiles\([^)]*runner\.temp/);
  });

  it('the README documents every input of action.yml and the workflow settings it needs', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### GitHub Actions'), readme.indexOf('### GitLab CI'));
    for (const input of Object.keys(load('action.yml').inputs)) expect(section).toMatch(new RegExp(`^\\s*#?\\s*${input}:`, 'm'));
    expect(section).toMatch(/fetch-depth: 0/);
    expect(section).toMatch(/security-events: write/);
  });

  it('the GitLab template produces a secret_detection report', () => {
    const tpl = load('ci/keyward.gitlab-ci.yml');
    const job = tpl['keyward-secret-detection'];
    expect(job.artifacts.reports.secret_detection).toBe('gl-secret-detection-report.json');
    expect(job.script.join('\n')).toContain('--format gitlab --output gl-secret-detection-report.json');
    expect(job.variables.GIT_DEPTH).toBe('0');
  });
});
