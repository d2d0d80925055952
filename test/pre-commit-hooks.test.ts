import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers/cli.js';

describe('.pre-commit-hooks.yaml', () => {
  it('offers `keyward` on staged files and a manual `keyward-history` audit', () => {
    const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
    const byId = Object.fromEntries(hooks.map((h) => [h.id, h]));
    expect(byId.keyward).toMatchObject({ entry: 'keyward staged --', language: 'node', pass_filenames: true });
    expect(byId['keyward-history']).toMatchObject({ entry: 'keyward history', language: 'node', pass_filenames: false, always_run: true, stages: ['manual'] });
    for (const h of hooks) expect(Object.keys(h)).toEqual(expect.arrayContaining(['id', 'name', 'entry', 'language']));
  });
});
