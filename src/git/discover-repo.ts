import fs from 'node:fs';
import path from 'node:path';

/** What the staged scan asks `git rev-parse` (staged-repo-state.ts), as found in the repository's own files. */
export interface DiscoveredRepo {
  /** The work tree's top level: the nearest folder above the working folder with a `.git` folder. */
  top: string;
  gitDir: string;
  /** HEAD names a commit: a branch that exists, or a detached commit (false on an unborn branch). */
  hasHead: boolean;
}

/**
 * The repository around `cwd` read from its files, as git finds an ordinary one, without starting `git rev-parse`
 * (a process, its pipes and their events: ~4 ms of the pre-commit hook). Undefined for any repository git could
 * see otherwise, and the caller then asks git: an environment variable that moves or configures it (those git
 * sets for every hook are known), a `.git` file (a linked work tree, a submodule), a repository config that sets a
 * work tree, bareness, another hash function or ref storage or includes other files, a symbolic ref chain, a
 * working folder inside `.git`, Windows (its paths), or no repository at all (git words that error).
 */
export function discoverRepo(cwd: string, env: NodeJS.ProcessEnv): DiscoveredRepo | undefined {
  if (process.platform === 'win32' || Object.keys(env).some((k) => k.startsWith('GIT_') && !HOOK_ENV.has(k) && !/^GIT_(AUTHOR|COMMITTER)_/.test(k))) return undefined;
  const top = nearestWithGitFolder(cwd);
  if (top === undefined) return undefined;
  const gitDir = path.join(top, '.git');
  if (cwd === gitDir || cwd.startsWith(gitDir + path.sep) || !plainConfig(readText(path.join(gitDir, 'config')))) return undefined;
  const hasHead = headExists(gitDir);
  return hasHead === undefined ? undefined : { top, gitDir, hasHead };
}

/** Variables git sets for hooks, or that touch neither where the repository is nor how it reads. */
const HOOK_ENV = new Set(['GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_EDITOR', 'GIT_EXEC_PATH', 'GIT_SSL_CAINFO', 'GIT_REFLOG_ACTION', 'GIT_PAGER', 'GIT_TERMINAL_PROMPT', 'GIT_ASKPASS', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_CONFIG_NOSYSTEM']);

function nearestWithGitFolder(from: string): string | undefined {
  for (let dir = from; ; ) {
    const st = fs.statSync(path.join(dir, '.git'), { throwIfNoEntry: false });
    if (st) return st.isDirectory() ? dir : undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Whether the repository's config (git reads these settings from it alone when it sets a repository up) leaves
 * it an ordinary one: no work tree elsewhere, not bare, SHA-1 and files for refs, no other files included.
 */
function plainConfig(text: string | undefined): boolean {
  if (text === undefined) return false;
  for (const raw of text.split('\n')) {
    const line = raw.trim().toLowerCase();
    if (line.startsWith('worktree') || line.startsWith('objectformat') || line.startsWith('refstorage') || line.startsWith('[include')) return false;
    if (line.startsWith('bare') && !/^bare\s*=\s*false$/.test(line)) return false;
  }
  return true;
}

/** Whether HEAD names a commit; undefined when it takes more than files to tell (a ref that points to a ref). */
function headExists(gitDir: string): boolean | undefined {
  const head = readText(path.join(gitDir, 'HEAD'))?.trim();
  if (head === undefined) return undefined;
  if (SHA1.test(head)) return true;
  const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
  if (ref === undefined || ref.split('/').includes('..')) return undefined;
  const loose = readText(path.join(gitDir, ...ref.split('/')))?.trim();
  if (loose !== undefined) return SHA1.test(loose) ? true : undefined;
  const packed = readText(path.join(gitDir, 'packed-refs'));
  return packed !== undefined && packed.split('\n').some((l) => l.length === 41 + ref.length && SHA1.test(l.slice(0, 40)) && l.endsWith(` ${ref}`));
}

const SHA1 = /^[0-9a-f]{40}$/;

/** The file's text, or undefined when it cannot be read (gone or not: git is then asked, or it holds nothing). */
export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
