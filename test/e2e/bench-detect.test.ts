import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tmp.js';

describe('bench/detect.mjs', () => {
  it('exits 2 and says where it looked when the corpora scorer is missing', () => {
    const missing = path.join(tmpDir(), 'no-corpora');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'detect.mjs')], { encoding: 'utf8', env: { ...process.env, KEYWARD_CORPORA: missing } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(path.join(missing, 'score.mjs'));
    expect(r.stderr).toContain('KEYWARD_CORPORA');
  });
});
