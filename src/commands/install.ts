import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode, KeywardError } from '../errors.js';
import { runGit } from '../git/run-git.js';
import { appendLine, hookFile, hookLine, isShellScript, otherManager, prependLine, replaceOwnLine, type Merge } from '../install/hook-script.js';
import type { Io } from '../io.js';

/** Installing would mean editing a hook keyward must not touch: nothing was changed, here is what to add. */
export class HookNotInstalledError extends KeywardError {}

/** This package's own bin, recorded in the hook as the last place to look (an npx run leaves nothing else). */
export function ownBin(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'keyward.js');
}

/**
 * `keyward install`: the pre-commit hook. Into `.husky/pre-commit` when the repository uses husky (one line
 * appended, the user's lines kept), else into git's hooks folder (core.hooksPath honoured). Running it again
 * changes nothing; another tool's hook is chained, never overwritten.
 */
export async function installCommand(io: Io): Promise<ExitCode> {
  const r = await runGit(io.cwd, ['rev-parse', '--show-toplevel', '--git-path', 'hooks'], io.env, 'git rev-parse', [0, 128]);
  const [top, hooks] = r.stdout.toString('utf8').split('\n');
  if (r.code !== 0 || !top || !hooks) throw new KeywardError(`not a git work tree: ${io.cwd}`, 'run `keyward install` inside the repository to protect');
  const hooksPath = (await runGit(top, ['config', '--get', 'core.hooksPath'], io.env, 'git config', [0, 1])).stdout.toString('utf8').trim();
  const husky = fs.existsSync(path.join(top, '.husky')) || hooksPath.includes('.husky');
  const line = hookLine(ownBin());
  const file = husky ? path.join(top, '.husky', 'pre-commit') : path.join(path.resolve(io.cwd, hooks), 'pre-commit');
  const shown = path.relative(top, file) || file;
  const merge = husky ? huskyMerge(file, line) : gitHookMerge(file, line, shown);
  if (merge.how !== 'unchanged') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, merge.text);
  }
  fs.chmodSync(file, fs.statSync(file).mode | 0o755);
  io.stdout.write(
    merge.how === 'unchanged'
      ? `keyward: the pre-commit hook is already installed in ${shown} (nothing changed)\n`
      : `keyward: ${merge.how === 'updated' ? 'updated' : 'installed'} the pre-commit hook in ${shown}: commits that add secrets are blocked\n`,
  );
  if (husky && !hooksPath.includes('.husky')) io.stdout.write('note: husky is not active in this clone yet (core.hooksPath is unset): run `npx husky` or `npm install`\n');
  return ExitCode.Clean;
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function huskyMerge(file: string, line: string): Merge {
  const text = read(file);
  if (text === undefined) return { text: `${line}\n`, how: 'added' };
  return replaceOwnLine(text, line) ?? appendLine(text, line);
}

function gitHookMerge(file: string, line: string, shown: string): Merge {
  const text = read(file);
  if (text === undefined) return { text: hookFile(ownBin()), how: 'added' };
  const own = replaceOwnLine(text, line);
  if (own) return own;
  const manager = otherManager(text);
  if (manager === 'pre-commit')
    throw new HookNotInstalledError(`${shown} belongs to the pre-commit framework; it was left unchanged`, 'add keyward to .pre-commit-config.yaml instead (hook id `keyward`, from keyward\'s .pre-commit-hooks.yaml)');
  if (manager === 'lefthook')
    throw new HookNotInstalledError(`${shown} belongs to lefthook; it was left unchanged`, 'add to lefthook.yml:  pre-commit: { commands: { keyward: { run: keyward staged } } }');
  if (!isShellScript(text)) throw new HookNotInstalledError(`${shown} is not a shell script; it was left unchanged`, 'call `keyward staged` from it and fail the commit when it exits non-zero');
  return prependLine(text, line);
}
