import { runGit } from './run-git.js';

export interface IndexEntry {
  mode: string;
  sha: string;
  /** 0, or 1-3 for the sides of an unmerged path. */
  stage: string;
  path: string;
}

/**
 * Every entry of the index. `git ls-files -s -z` prints, per entry:
 *
 *   100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391 0\tsrc/app.js\0
 *   160000 55147bf47071eb6d79a7e91ccbc2d8e8e8128b6b 0\tvendor/sub\0
 */
export async function indexEntries(top: string, env: NodeJS.ProcessEnv): Promise<IndexEntry[]> {
  const out = (await runGit(top, ['ls-files', '-s', '-z'], env, 'git ls-files')).stdout.toString('utf8');
  return out.split('\0').filter(Boolean).map((rec) => {
    const tab = rec.indexOf('\t');
    const [mode, sha, stage] = rec.slice(0, tab).split(' ');
    return { mode: mode!, sha: sha!, stage: stage!, path: rec.slice(tab + 1) };
  });
}
