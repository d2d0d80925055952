import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
