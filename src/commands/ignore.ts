import path from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import { fingerprintOf } from '../findings/fingerprint.js';
import { dedupe } from '../findings/pipeline.js';
import { FINGERPRINT_RE, isDate, loadIgnoreFile, today, type IgnoreEntry } from '../findings/ignore-file.js';
import { writeIgnoreEntry } from '../findings/ignore-file-write.js';
import { git } from '../git/repo.js';
import { findWorkTree } from '../git/work-tree.js';
import type { Io } from '../io.js';
import { scanWorkingTree } from './scan.js';
import { ignoreFilePath } from './suppressions.js';

export interface IgnoreOptions {
  reason?: string;
  expires?: string;
  unused?: boolean;
  config?: string;
  debug?: boolean;
}

/**
 * `keyward ignore <fingerprint> --reason "…" [--expires YYYY-MM-DD]` adds (or renews) an entry in
 * .keywardignore.yaml at the repository root (the current folder outside a repository);
 * `keyward ignore --unused` lists entries that match no finding in a working-tree scan of that folder.
 */
export async function ignoreCommand(given: string | undefined, opts: IgnoreOptions, io: Io): Promise<ExitCode> {
  const fp = given?.trim().toLowerCase();
  const repo = await findWorkTree(io.cwd);
  const base = repo ?? io.cwd;
  const file = ignoreFilePath(base, repo);
  const shown = path.relative(io.cwd, file) || file;
  if (opts.unused) {
    if (fp !== undefined) throw new UsageError('--unused takes no fingerprint', 'run `keyward ignore --unused` on its own');
    return listUnused(base, file, shown, opts, io);
  }
  if (fp === undefined) throw new UsageError('missing fingerprint', 'copy the "fingerprint" of a finding from `keyward scan`, then: keyward ignore <fingerprint> --reason "…"');
  if (!FINGERPRINT_RE.test(fp)) throw new UsageError('not a fingerprint: expected the 32 hex characters that keyward prints as "fingerprint"', 'never paste the secret itself; copy the fingerprint from `keyward scan`');
  const reason = opts.reason?.trim();
  if (!reason) throw new UsageError('--reason is required', 'say why this is not a live secret, e.g. --reason "revoked test key"');
  const day = today();
  if (opts.expires !== undefined && !isDate(opts.expires)) throw new UsageError(`invalid --expires "${opts.expires}"`, 'use a date YYYY-MM-DD');
  if (opts.expires !== undefined && opts.expires <= day) throw new UsageError(`--expires ${opts.expires} is not in the future`, `use a date after ${day}`);
  loadIgnoreFile(file, shown); // refuse to add to a file that is already invalid
  const by = await gitUserName(base);
  const action = writeIgnoreEntry(file, { fingerprint: fp, reason, expires: opts.expires, added: day, by });
  io.stdout.write(`${action} ${fp} in ${shown}${opts.expires ? ` (until ${opts.expires})` : ''}\n`);
  if (action === 'added') io.stdout.write(`commit ${shown} so the ignore applies to everyone scanning this repository\n`);
  return ExitCode.Clean;
}

/** Entries whose fingerprint matches no finding of a working-tree scan of `base` (before ignores apply). */
async function listUnused(base: string, file: string, shown: string, opts: IgnoreOptions, io: Io): Promise<ExitCode> {
  const entries = loadIgnoreFile(file, shown);
  if (entries.length === 0) {
    io.stdout.write(`no ignore entries in ${shown}\n`);
    return ExitCode.Clean;
  }
  const scan = await scanWorkingTree([base], { format: 'pretty', color: false, redact: true, ignore: true, config: opts.config, debug: opts.debug }, io);
  const seen = new Set(dedupe(scan.raw).map((f) => fingerprintOf(f)));
  const unused: IgnoreEntry[] = entries.filter((e) => !seen.has(e.fingerprint));
  if (unused.length === 0) {
    io.stdout.write(`all ${entries.length} ignore entries in ${shown} match a finding in the working tree\n`);
    return ExitCode.Clean;
  }
  for (const e of unused) io.stdout.write(`${shown}:${e.line}  ${e.fingerprint}  ${e.reason}${e.expires ? `  (expires ${e.expires})` : ''}\n`);
  io.stdout.write(`${unused.length} of ${entries.length} ignore entries match nothing in the working tree: delete them, or keep those meant for findings in git history only\n`);
  return ExitCode.Findings;
}

async function gitUserName(dir: string): Promise<string | undefined> {
  try {
    return (await git(dir).raw(['config', 'user.name'])).trim() || undefined;
  } catch {
    return undefined;
  }
}
