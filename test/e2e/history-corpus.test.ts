import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

// Building a corpus needs ../shared and the npm registry (or its tarball cache) and takes minutes, so this
// check is opt-in: KEYWARD_HISTORY_CORPUS=/tmp/hist after `node ../shared/bench/make-corpus.mjs history /tmp/hist`.
// `npm run check:history-corpus -- <dir>` runs the same check by hand and prints every miss.
const corpus = process.env.KEYWARD_HISTORY_CORPUS;

describe('keyward history on a make-corpus answer key', () => {
  it.skipIf(!corpus)('finds each planted secret a rule covers at its introducing commit, file and line, removed ones too (needs KEYWARD_HISTORY_CORPUS)', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'check-history-corpus.mjs'), corpus!], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS/);
  }, 300_000);
});
