import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fake } from '../helpers/fake-keys.js';
import { ROOT } from '../helpers/cli.js';
import { tmpDir, writeFiles } from '../helpers/tmp.js';

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });

describe('the npm package', () => {
  it('installs from its tarball without dev dependencies and scans', () => {
    const out = tmpDir();
    // --ignore-scripts: dist/ is already built by `npm test`; packing must not rebuild or touch git hooks.
    const name = npm(['pack', '--ignore-scripts', '--pack-destination', out], ROOT).trim().split('\n').pop()!;
    const tarball = path.join(out, name);
    const listing = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/bin/keyward.js');
    expect(listing).toContain('package/dist/cli.js');
    expect(listing.some((f) => f.startsWith('package/rules/') && f.endsWith('.yaml'))).toBe(true);
    expect(listing.some((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toBe(false);

    const prefix = tmpDir();
    fs.writeFileSync(path.join(prefix, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}\n');
    npm(['install', '--omit=dev', '--no-package-lock', tarball], prefix);
    const dir = tmpDir();
    writeFiles(dir, { '.env': `OPENAI_API_KEY=${fake.sk()}\n` });
    const bin = path.join(prefix, 'node_modules', '.bin', 'keyward');
    let code = 0;
    let stdout = '';
    try {
      stdout = execFileSync(bin, ['scan', dir, '--format', 'json'], { encoding: 'utf8' });
    } catch (e) {
      code = (e as { status: number }).status;
      stdout = (e as { stdout: string }).stdout;
    }
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings[0].ruleId).toBe('sk-standard-key');
  }, 180_000);
});
