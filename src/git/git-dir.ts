import { GitError } from '../errors.js';
import { git } from './repo.js';

/** The repository's git folder as an absolute path (`.git`, or `.git/worktrees/<name>` in a linked work tree). */
export async function absoluteGitDir(dir: string): Promise<string> {
  try {
    return (await git(dir).raw(['rev-parse', '--absolute-git-dir'])).trim();
  } catch (e) {
    throw new GitError(`not a git repository: ${dir}`, `run keyward inside a git repository (${(e as Error).message.trim()})`);
  }
}

/** The URL of `remote` with any user name or password taken out (printed in plans), or undefined when there is none. */
export async function remoteUrl(dir: string, remote = 'origin'): Promise<string | undefined> {
  try {
    const url = (await git(dir).raw(['remote', 'get-url', remote])).trim();
    return url ? withoutCredentials(url) : undefined;
  } catch {
    return undefined;
  }
}

export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}
