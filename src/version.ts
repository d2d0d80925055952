import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** keyward's version, from its package.json (one folder above dist/ or src/). */
export function toolVersion(): string {
  if (cached === undefined) {
    const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
    cached = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
  }
  return cached;
}
