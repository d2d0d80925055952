import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownBin } from '../../src/commands/install.js';
import { gitShCandidates, hookShell } from '../../src/doctor/canary.js';
import { ROOT } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tmp.js';

describe('every platform npm runs on', () => {
  it('finds the sh that git for Windows runs hooks with, from `git --exec-path`', () => {
    expect(gitShCandidates('C:/Program Files/Git/mingw64/libexec/git-core\n')).toEqual([
      'C:\\Program Files\\Git\\usr\\bin\\sh.exe',
      'C:\\Program Files\\Git\\bin\\sh.exe',
    ]);
  });

  it('runs hook lines with plain sh outside Windows (no git call needed)', async () => {
    expect(await hookShell(tmpDir(), process.env, 'linux')).toBe('sh');
  });

  it('records its own bin in hooks with / separators', () => {
    expect(ownBin()).not.toContain('\\');
    expect(ownBin().endsWith('/bin/keyward.js')).toBe(true);
  });

  it('keeps hooks and shell scripts LF in CRLF checkouts (.gitattributes)', () => {
    const attrs = fs.readFileSync(path.join(ROOT, '.gitattributes'), 'utf8');
    for (const pattern of ['.husky/*', '*.sh', '.ci/run']) expect(attrs).toMatch(new RegExp(`^${pattern.replace(/[.*]/g, '\\$&')}\\s+text eol=lf$`, 'm'));
  });

  it('spawns no shell and no Unix-only tool at run time: only git (and sh for the doctor\'s hook run)', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name.endsWith('.ts')) {
          const text = fs.readFileSync(full, 'utf8');
          for (const m of text.matchAll(/(?<![.\w])(?:spawn|spawnSync|execFile|execFileSync|exec|execSync)\(\s*([^,)]+)/g)) {
            if (!["'git'", 'sh'].includes(m[1]!.trim())) offenders.push(`${path.relative(ROOT, full)}: ${m[0]}`);
          }
          if (/shell:\s*true/.test(text)) offenders.push(`${path.relative(ROOT, full)}: shell: true`);
        }
      }
    };
    walk(path.join(ROOT, 'src'));
    expect(offenders).toEqual([]);
  });
});
