import fs from 'node:fs';
import path from 'node:path';
import { stageCanary, runHookLine } from '../doctor/canary.js';
import { resolveRules } from '../engine/rule-set.js';
import { ExitCode, KeywardError } from '../errors.js';
import { runGit } from '../git/run-git.js';
import { MARKER } from '../install/hook-script.js';
import type { Io } from '../io.js';
import { toolVersion } from '../version.js';
import { locateHook, read, type HookLocation } from './install.js';
import { loadScanConfig } from './prepare.js';

type Status = 'ok' | 'warn' | 'fail';
interface Check {
  name: string;
  status: Status;
  detail: string;
}

const MIN_GIT = [2, 31];

/**
 * `keyward doctor`: is the hook installed and active, would it block a key (proved with a canary key in a
 * throwaway index), and are Node, git and the config fine. Exit 0 when every check passes, 1 when one fails.
 */
export async function doctorCommand(opts: { format?: string }, io: Io): Promise<ExitCode> {
  const checks: Check[] = [];
  const add = (name: string, status: Status, detail: string) => checks.push({ name, status, detail });
  add('keyward', 'ok', toolVersion());
  const node = process.versions.node;
  add('node', Number(node.split('.')[0]) >= 20 ? 'ok' : 'fail', node);
  const gitVersion = await runGit(io.cwd, ['--version'], io.env, 'git --version').then((r) => r.stdout.toString('utf8').trim(), () => '');
  const v = /(\d+)\.(\d+)/.exec(gitVersion);
  add('git', !v ? 'fail' : Number(v[1]) > MIN_GIT[0]! || (Number(v[1]) === MIN_GIT[0] && Number(v[2]) >= MIN_GIT[1]!) ? 'ok' : 'warn', gitVersion || 'git not found on PATH');

  let hook: HookLocation | undefined;
  try {
    hook = await locateHook(io);
  } catch (e) {
    add('repository', 'fail', e instanceof KeywardError ? e.message : String(e));
  }
  try {
    const config = loadScanConfig(hook?.top ?? io.cwd, hook?.top, undefined, io);
    add('config', 'ok', `${config.file ? path.relative(io.cwd, config.file) || config.file : 'no config file (defaults)'}; ${resolveRules(config).length} rules`);
  } catch (e) {
    add('config', 'fail', e instanceof Error ? e.message : String(e));
  }
  if (hook) await checkHook(hook, io, add);

  if (opts.format === 'json') io.stdout.write(JSON.stringify({ checks }, null, 2) + '\n');
  else for (const c of checks) io.stdout.write(`${c.status === 'ok' ? '✓' : c.status === 'warn' ? '!' : '✗'} ${c.name}: ${c.detail}\n`);
  return checks.some((c) => c.status === 'fail') ? ExitCode.Findings : ExitCode.Clean;
}

/** keyward's own lines in a hook: the marked ones, else any command line that runs `keyward … staged`. */
export function keywardLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const marked = lines.filter((l) => l.includes(MARKER) && !l.trimStart().startsWith('#'));
  return marked.length ? marked : lines.filter((l) => !l.trimStart().startsWith('#') && /keyward(?:\.js)?\s+staged\b/.test(l));
}

async function checkHook(hook: HookLocation, io: Io, add: (name: string, status: Status, detail: string) => void): Promise<void> {
  const text = read(hook.file);
  const lines = text ? keywardLines(text) : [];
  const preCommitConfig = read(path.join(hook.top, '.pre-commit-config.yaml'));
  if (!lines.length) {
    if (preCommitConfig && /\bid:\s*keyward\b/.test(preCommitConfig)) add('hook', 'ok', 'keyward runs through the pre-commit framework (.pre-commit-config.yaml)');
    else add('hook', 'fail', `not installed: ${hook.shown} does not run keyward (run \`npx keyward install\`)`);
    return;
  }
  const active = hook.husky ? hook.hooksPath.includes('.husky') : isExecutable(hook.file);
  add('hook', active ? 'ok' : 'fail', active ? `installed in ${hook.shown}` : hook.husky ? `${hook.shown} has keyward, but husky is not active (core.hooksPath unset): run \`npx husky\`` : `${hook.shown} is not executable: chmod +x it`);
  const canary = await stageCanary(hook.top, io.env);
  try {
    const results = await Promise.all(lines.map((l) => runHookLine(l, hook.top, canary.env)));
    // Blocked for the right reason: keyward ran and reported the canary (exit 1), not merely failed.
    const blocked = results.every((r) => r.code === 1 && r.output.includes('keyward-doctor-canary.env'));
    add('canary', blocked ? 'ok' : 'fail', blocked ? 'the hook blocked a canary key staged in a throwaway index' : `the hook did NOT block a canary key: ${results.map((r) => r.output.trim().split('\n').pop()).join('; ')}`);
  } finally {
    canary.cleanup();
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
