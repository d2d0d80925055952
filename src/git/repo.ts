import { simpleGit, type SimpleGit } from 'simple-git';
import { GitError } from '../errors.js';

/** A simple-git handle bound to `dir`. Git's own config for the scanned repo applies; nothing is written. */
export function git(dir: string): SimpleGit {
  return simpleGit({ baseDir: dir, trimmed: false, maxConcurrentProcesses: 4 });
}

/** The repository's top-level folder containing `dir`, or undefined when `dir` is not in a work tree. */
export async function findWorkTree(dir: string): Promise<string | undefined> {
  try {
    const out = await git(dir).raw(['rev-parse', '--show-toplevel']);
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Like findWorkTree, but a missing repository is an error that says what to do. */
export async function requireWorkTree(dir: string): Promise<string> {
  const top = await findWorkTree(dir);
  if (!top) throw new GitError(`not a git repository: ${dir}`, 'run keyward inside a git work tree, or pass its path');
  return top;
}

/** Splits git's NUL-separated output (`-z`), dropping the empty tail. */
export function splitNul(out: string): string[] {
  return out.split('\0').filter((s) => s.length > 0);
}
