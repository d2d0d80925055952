import { GitError } from '../errors.js';
import { gitOutput } from './run-git.js';

/**
 * The repository's top-level folder containing `dir`, or undefined when `dir` is not in a work tree. A plain
 * child process: the scan asks this before reading any file, and loading simple-git for it costs ~15 ms.
 */
export async function findWorkTree(dir: string): Promise<string | undefined> {
  try {
    return (await gitOutput(dir, ['rev-parse', '--show-toplevel'])).trim() || undefined;
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
