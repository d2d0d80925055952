import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** keyward's version, from its package.json: the nearest one above this module (src/, dist/ or dist/bundle/). */
export function toolVersion(): string {
  if (cached === undefined) {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    for (;;) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) {
        cached = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
        break;
      }
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error('keyward: package.json not found above the installed files');
      dir = parent;
    }
  }
  return cached;
}
