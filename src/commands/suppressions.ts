import path from 'node:path';
import { loadBaseline } from '../findings/baseline.js';
import { IGNORE_FILE, loadIgnoreFile, today } from '../findings/ignore-file.js';
import type { Suppressions } from '../findings/suppress.js';
import type { Io } from '../io.js';

/** Where the ignore file of a scan lives: the repository root, or the scan root outside a repository. */
export function ignoreFilePath(root: string, repo: string | undefined): string {
  return path.join(repo ?? root, IGNORE_FILE);
}

/** Loads (and validates, exit 2 on a problem) the ignore file and the --baseline file, if any. */
export function loadSuppressions(files: { ignoreFile?: string; baseline?: string }, io: Io): Suppressions {
  const shown = (f: string) => path.relative(io.cwd, f) || f;
  const s: Suppressions = { today: today() };
  if (files.ignoreFile) {
    const entries = loadIgnoreFile(files.ignoreFile, shown(files.ignoreFile));
    if (entries.length) s.ignore = { file: shown(files.ignoreFile), entries: new Map(entries.map((e) => [e.fingerprint, e])) };
  }
  if (files.baseline) {
    const file = path.resolve(io.cwd, files.baseline);
    s.baseline = { file: shown(file), fingerprints: loadBaseline(file, shown(file)) };
  }
  return s;
}
