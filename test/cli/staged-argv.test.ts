import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, parseStagedArgv } from '../../src/commands/staged-argv.js';
import { FORMATS } from '../../src/reporters/index.js';
import type { Io } from '../../src/io.js';
import { createProgram } from '../../src/program.js';

const io: Io = { cwd: '/', env: {}, stdout: { write: () => true }, stderr: { write: () => true } };

/** What commander hands the staged command for `argv` (its action replaced, so nothing runs), or the error it throws. */
async function viaCommander(argv: string[]): Promise<unknown> {
  const program = createProgram(io, () => undefined);
  let got: unknown;
  program.commands.find((c) => c.name() === 'staged')!.action((files: string[], opts: object) => void (got = { files, opts: { ...opts } }));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    return { error: (e as { code?: string }).code };
  }
  return got;
}

describe('the staged fast path (argv parsed without commander)', () => {
  const same = [
    ['staged'],
    ['staged', '-q'],
    ['staged', '--quiet', '--no-color', '--no-redact', '--debug'],
    ['staged', '-f', 'json', '-o', 'out/report.json'],
    ['staged', '--format=sarif', '--output=r.sarif'],
    ['staged', '-fjson'],
    ['staged', '-qf', 'github'],
    ['staged', '-c', 'cfg/.keyward.yaml', '--baseline', '.keyward-baseline.json', '--max-file-size', '2m'],
    ['staged', 'a.txt', 'src/b.js', '-q', 'c d.txt'],
    ['staged', '-f', 'json', '-f', 'pretty'],
    ['staged', '-q', '-q'],
    ['staged', '-o=x.json'],
    ['staged', '-qc', 'k.yaml', '--max-file-size=1m', 'file.txt'],
  ];
  it.each(same)('hands the staged command exactly what commander would: %j', async (...argv) => {
    const fast = parseStagedArgv(argv);
    expect(fast).toBeDefined();
    expect(fast).toEqual(await viaCommander(argv));
  });

  const left = [
    ['scan'],
    ['--debug', 'staged'],
    ['staged', '--help'],
    ['staged', '-h'],
    ['staged', '--version'],
    ['staged', '--', '-odd-name.txt'],
    ['staged', '--colour'],
    ['staged', '-f', 'xml'],
    ['staged', '-f'],
    ['staged', '-o', '-q'],
    ['staged', '--no-color=1'],
    ['staged', '--quiet=yes'],
    ['staged', '--debug='],
    ['staged', '-x'],
    ['staged', '-qz'],
    ['staged', '--constructor'],
    ['staged', '-'],
    ['staged', '--format'],
    ['staged', 'a.txt', '-c'],
  ];
  it.each(left)('leaves argv it does not vouch for to commander: %j', (...argv) => {
    expect(parseStagedArgv(argv)).toBeUndefined();
  });

  it('accepts exactly the formats the reporter registry has', () => {
    expect(FORMAT_NAMES).toEqual(FORMATS);
  });
});
