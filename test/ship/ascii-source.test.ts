import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asciiSource } from '../../scripts/ascii-source.mjs';
import { ROOT } from '../helpers/cli.js';

const run = (source: string) => vm.runInNewContext(source) as unknown;

describe('bundles rewritten in ASCII', () => {
  it.each([
    ['a string', `'✓ no secrets — café'`],
    ['an identity escape', `'\\— and \\é'`],
    ['an escaped backslash before a character', `'\\\\— and \\\\\\—'`],
    ['a template', '`${1} · ${2} │ 🔑`'],
    ['a regular expression', `[/^[–—…]+$/.test('—…'), /[😀é]/u.test('😀'), /ſ/iu.test('S')]`],
    ['a name and a comment', `/* naïve ✗ */ const café = 1; café`],
  ])('keeps the value of %s and is ASCII', (_, source) => {
    const ascii = asciiSource(source);
    expect(ascii).toMatch(/^[\x00-\x7f]*$/);
    expect(run(ascii)).toEqual(run(source));
  });

  it('is how the build writes the bundles the bin compiles', () => {
    for (const name of ['hook.cjs', 'cli.cjs']) {
      const file = path.join(ROOT, 'dist', 'bundle', name);
      if (!fs.existsSync(file)) continue; // no bundler: the bin loads dist/ itself
      expect(fs.readFileSync(file, 'latin1'), name).toMatch(/^[\x00-\x7f]*$/);
    }
  });
});
