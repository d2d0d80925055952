import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { tmpDir, writeFiles } from '../helpers/tmp.js';

/** The first ```yaml block after `heading` in README.md. */
function readmeYaml(heading: string): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const from = readme.indexOf(heading);
  expect(from, heading).toBeGreaterThan(-1);
  const m = /```yaml\n([\s\S]*?)```/.exec(readme.slice(from));
  return m![1]!;
}

describe('the README', () => {
  it('shows a .keyward.yaml that keyward accepts', () => {
    const dir = tmpDir();
    writeFiles(dir, { '.keyward.yaml': readmeYaml('### `.keyward.yaml`'), 'a.txt': 'hello\n' });
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('shows a .keywardignore.yaml that keyward accepts', () => {
    const dir = tmpDir();
    writeFiles(dir, { '.keywardignore.yaml': readmeYaml('### Ignoring a finding'), 'a.txt': 'hello\n' });
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
