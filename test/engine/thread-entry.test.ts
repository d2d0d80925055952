import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { threadFile } from '../../src/threads.js';
import { ROOT } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tmp.js';

describe("a thread's entry", () => {
  it('is the CommonJS bundle beside the ES module when the build wrote one, else the ES module', () => {
    const dir = tmpDir();
    const from = pathToFileURL(path.join(dir, 'caller.js')).href;
    fs.writeFileSync(path.join(dir, 'reader.js'), '');
    expect(threadFile('./reader.js', from)!.pathname).toBe(path.join(dir, 'reader.js'));
    fs.writeFileSync(path.join(dir, 'reader.cjs'), '');
    expect(threadFile('./reader.js', from)!.pathname).toBe(path.join(dir, 'reader.cjs'));
  });

  it('is bundled by the build for each of the threads', () => {
    const bundle = path.join(ROOT, 'dist', 'bundle');
    if (!fs.existsSync(bundle)) return; // no bundler: threads load dist/ itself
    for (const name of ['tree-read-thread', 'cat-file-thread', 'detect-worker']) expect(fs.existsSync(path.join(bundle, `${name}.cjs`)), name).toBe(true);
  });
});
