import { simpleGit, type SimpleGit } from 'simple-git';

/** A simple-git handle bound to `dir`. Git's own config for the scanned repo applies; nothing is written. */
export function git(dir: string): SimpleGit {
  return simpleGit({ baseDir: dir, trimmed: false, maxConcurrentProcesses: 4 });
}
