import { splitNul } from '../git/stream.js';
import { gitOutput } from '../git/run-git.js';

/** Files under the root that git knows about: tracked ones, and untracked ones that no ignore rule covers. */
export interface RepoFiles {
  tracked: Set<string>;
  untracked: Set<string>;
}

/** Paths are relative to `root` (git's cwd), with `/` separators. */
export async function listRepoFiles(root: string): Promise<RepoFiles> {
  // `git ls-files -z -t -c -o --exclude-standard -- .` prints "H .env\0H src/app.js\0? notes.pem\0":
  // a status tag (H cached, S skip-worktree, M unmerged, ? untracked…), a space, the path.
  const out = await gitOutput(root, ['ls-files', '-z', '-t', '--cached', '--others', '--exclude-standard', '--', '.']);
  const files: RepoFiles = { tracked: new Set(), untracked: new Set() };
  for (const entry of splitNul(out)) (entry.startsWith('? ') ? files.untracked : files.tracked).add(entry.slice(2));
  return files;
}

/** Tracked files that an ignore rule matches anyway: `git ls-files -z -c -i --exclude-standard` prints ".env\0". */
export async function listTrackedIgnored(root: string): Promise<Set<string>> {
  return new Set(splitNul(await gitOutput(root, ['ls-files', '-z', '--cached', '--ignored', '--exclude-standard', '--', '.'])));
}

/**
 * Which of `paths` git's ignore rules cover, whether or not they exist or are tracked (`--no-index`).
 * Git decides, so nested .gitignore files, negations, .git/info/exclude and core.excludesFile all count.
 */
export async function checkIgnored(root: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  // With -z both stdin and stdout are NUL-separated: ".env\0sub/.env.local\0". Exit 1 means "none ignored".
  const out = await gitOutput(root, ['check-ignore', '-z', '--no-index', '--stdin'], [0, 1], paths.join('\0') + '\0');
  return new Set(splitNul(out));
}
