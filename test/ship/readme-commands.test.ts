import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tmp.js';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const ciRun = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');

/** The fenced code blocks of the README, with their info string. */
function fencedBlocks(markdown: string): Array<{ lang: string; body: string }> {
  return [...markdown.matchAll(/^```([\w-]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, body: m[2]! }));
}

/** Every `keyward <command> [--flags]` the README shows in a code block (`npx keyward`, `keyward@version` too). */
function keywardInvocations(markdown: string): Array<{ command: string; flags: string[]; line: string }> {
  const out: Array<{ command: string; flags: string[]; line: string }> = [];
  for (const { body } of fencedBlocks(markdown)) {
    for (const raw of body.split('\n')) {
      const line = raw.replace(/\s#\s.*$/, '').replace(/\s{2,}\S.*$/, (tail) => (tail.trim().startsWith('-') ? tail : ''));
      for (const m of line.matchAll(/(?:^|[\s"'`(])keyward(?:@[\w.${}-]+)?\s+([a-z][\w-]*)([^|;&\n]*)/g)) {
        const flags = [...m[2]!.matchAll(/(?:^|\s)(--?[a-zA-Z][\w-]*)/g)].map((f) => f[1]!);
        out.push({ command: m[1]!, flags, line: raw.trim() });
      }
    }
  }
  return out;
}

const helpCache = new Map<string, { code: number | null; stdout: string }>();
function help(command?: string) {
  const key = command ?? '';
  if (!helpCache.has(key)) helpCache.set(key, runCli(command ? [command, '--help'] : ['--help'], { cwd: ROOT }));
  return helpCache.get(key)!;
}

const invocations = keywardInvocations(readme);
const commands = [...new Set(invocations.map((i) => i.command))].sort();

describe('README commands', () => {
  it('shows keyward commands in its code blocks (the extraction finds them)', () => {
    expect(commands).toEqual(expect.arrayContaining(['history', 'hygiene', 'install', 'scan', 'staged']));
  });

  it.each(commands)('`keyward %s` exists and accepts every flag the README shows with it', (command) => {
    const h = help(command);
    expect(h.code).toBe(0);
    const shown = new Set(invocations.filter((i) => i.command === command).flatMap((i) => i.flags));
    const missing = [...shown].filter((flag) => !new RegExp(`(^|[\\s,])${flag.replace(/-/g, '\\-')}\\b`, 'm').test(h.stdout));
    expect(missing).toEqual([]);
  });

  it('every option the README names (`--flag` in its text and tables) is an option of some command', () => {
    const all = [undefined, ...commands, 'doctor'].map((c) => help(c).stdout).join('\n');
    const named = new Set([...readme.matchAll(/`(--[a-z][\w-]*)/g)].map((m) => m[1]!));
    // Options of other tools the README mentions (git, pre-commit, curl, node, the history-corpus check script, npm run bench).
    const others = ['--no-verify', '--cached', '--all-files', '--hook-stage', '--filter', '--raw', '--batch', '--insecure', '--strict', '--only', '--runs', '--no-secretlint', '--smoke', '--secretlint-timeout', '--literal-pathspecs', '--max-semi-space-size', '--trace-opt', '--maglev', '--interrupt-budget', '--v8-pool-size', '--single-threaded-gc', '--no-turbo-inlining', '--max-inlined-bytecode-size', '--max-inlined-bytecode-size-cumulative', '--no-concurrent-recompilation', '--min-semi-space-size', '--no-use-osr', '--keep-env', '--no-liftoff', '--semi-space-growth-factor', '--build-snapshot', '--trace-deopt', '--max-optimized-bytecode-size', '--no-regexp-tier-up', '--always-sparkplug', '--no-lazy-feedback-allocation'];
    const ours = [...named].filter((flag) => !others.includes(flag));
    expect(ours.filter((flag) => !new RegExp(`(^|[\\s,])${flag}\\b`, 'm').test(all))).toEqual([]);
  });

  it('lists the exit codes in `keyward --help` and in every command\'s --help', () => {
    const top = help();
    const listed = [...top.stdout.matchAll(/^ {2}(\w[\w-]*)\s/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(listed).toEqual(expect.arrayContaining(['scan', 'history', 'staged', 'install']));
    for (const command of [undefined, ...listed]) {
      const out = help(command).stdout;
      expect(out, `keyward ${command ?? ''} --help`).toMatch(/Exit codes:\n\s+0\s+clean[^\n]*\n\s+1\s+findings[^\n]*\n\s+2\s+could not scan/);
    }
  });

  it('the "Two commands" (install + first scan, tests) are what .ci/run runs', () => {
    const section = readme.slice(readme.indexOf('## Two commands'), readme.indexOf('\n## ', readme.indexOf('## Two commands') + 1));
    const steps = fencedBlocks(section).flatMap((b) => b.body.split('\n')).flatMap((l) => l.split('&&')).map((s) => s.trim()).filter(Boolean);
    expect(steps).toEqual(expect.arrayContaining(['npm ci', 'npx keyward scan .', 'npm test']));
    const ciLines = ciRun.split('\n').map((l) => l.trim().replace(/^(?:[A-Z_]+=\S+\s+)+/, ''));
    for (const step of steps) expect(ciLines, `.ci/run runs "${step}"`).toContain(step);
  });

  it('the README\'s YAML examples are valid YAML', () => {
    for (const { lang, body } of fencedBlocks(readme).filter((b) => b.lang === 'yaml' || b.lang === 'yml')) {
      expect(() => parse(body), body).not.toThrow();
    }
  });

  it('`keyward scan` with an unknown flag exits 2 (so the flag check above can fail)', () => {
    expect(runCli(['scan', '--no-such-flag'], { cwd: tmpDir() }).code).toBe(2);
  });
});
