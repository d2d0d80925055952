import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpDir } from './tmp.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'keyward.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as the JSON report. */
  json(): { findings: Array<Record<string, unknown>>; stats: Record<string, unknown> & { skipped: Record<string, number> }; notes: string[] } & Record<string, unknown>;
}

/** Runs the real `bin/keyward.js` as a child process. */
export function runCli(args: string[], opts: SpawnSyncOptions & { cwd: string }): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    ...opts,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
  });
  const stdout = String(r.stdout ?? '');
  return {
    code: r.status,
    stdout,
    stderr: String(r.stderr ?? ''),
    json: () => JSON.parse(stdout),
  };
}

/**
 * node's own modules a run of the CLI loaded (`args` in full, e.g. ['staged', '-q']), read from process.moduleLoadList
 * when it exits: "NativeModule crypto" and the like.
 */
export function builtinsLoaded(dir: string, args: string[]): { code: number | null; modules: string[] } {
  const out = path.join(tmpDir('keyward-modules-'), 'modules.json');
  const preload = path.join(path.dirname(out), 'preload.cjs');
  fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.moduleLoadList)));\n`);
  const r = runCli(args, { cwd: dir, env: { HOME: dir, GIT_CONFIG_NOSYSTEM: '1', NODE_OPTIONS: `--require ${preload}` } });
  return { code: r.code, modules: JSON.parse(fs.readFileSync(out, 'utf8')) as string[] };
}
