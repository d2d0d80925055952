import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRulesDir, loadRulesDir } from '../../src/engine/load-rules.js';
import { checkRuleExamples } from '../../src/engine/rule-examples.js';
import { hookLine, MARKER, replaceOwnLine } from '../../src/install/hook-script.js';
import { runCli } from '../helpers/cli.js';
import { fake } from '../helpers/fake-keys.js';
import { gitRepo, tmpDir } from '../helpers/tmp.js';

// A Windows checkout with core.autocrlf=true turns every LF into CRLF: keyward must behave exactly as on LF.
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const isolated = (dir: string) => ({ cwd: dir, env: { HOME: dir, XDG_CONFIG_HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
const ruleFile = (findings: Array<Record<string, unknown>>) => findings.map((f) => [f.ruleId, f.file, f.line]).sort();

describe('CRLF checkouts', () => {
  it('load the built-in rules from CRLF files exactly as from LF files, and every example still holds', () => {
    const copy = tmpDir('keyward-crlf-rules-');
    fs.mkdirSync(path.join(copy, 'rules'));
    for (const name of fs.readdirSync(builtinRulesDir())) {
      fs.writeFileSync(path.join(copy, 'rules', name), crlf(fs.readFileSync(path.join(builtinRulesDir(), name), 'utf8')));
    }
    const lf = loadRulesDir(builtinRulesDir(), path.dirname(builtinRulesDir()));
    const fromCrlf = loadRulesDir(path.join(copy, 'rules'), copy);
    expect(fromCrlf).toEqual(lf);
    expect(checkRuleExamples(fromCrlf)).toEqual([]);
  });

  it('honour a CRLF .keyward.yaml (allowlisted paths, a rule turned off) like an LF one', () => {
    const files = { 'fixtures/keys.txt': `aws = "${fake.aws()}"\n`, 'app.js': `const k = "${fake.github()}";\nconst s = "${fake.stripeLive()}";\n` };
    const config = 'allow:\n  paths:\n    - fixtures/**\nrules:\n  stripe-live-secret-key: off\n';
    const lfRepo = gitRepo({ ...files, '.keyward.yaml': config });
    const crlfRepo = gitRepo({ ...files, '.keyward.yaml': crlf(config) });
    const lfRun = runCli(['scan', '--no-hygiene', '--format', 'json'], isolated(lfRepo));
    const crlfRun = runCli(['scan', '--no-hygiene', '--format', 'json'], isolated(crlfRepo));
    expect(lfRun.code).toBe(1);
    expect(crlfRun.code).toBe(1);
    expect(ruleFile(crlfRun.json().findings)).toEqual(ruleFile(lfRun.json().findings));
    expect(crlfRun.json().findings.map((f) => f.file)).toEqual(['app.js']);
  });

  it('find a key at the same line and column in a CRLF file, without the carriage return in the secret', () => {
    const key = fake.aws();
    const dir = gitRepo({ 'lf.env': `A=1\nAWS_KEY=${key}\n`, 'crlf.env': `A=1\r\nAWS_KEY=${key}\r\n` });
    const findings = runCli(['scan', '--no-hygiene', '--format', 'json', '--no-redact'], isolated(dir)).json().findings;
    const at = (file: string) => findings.filter((f) => f.file === file).map((f) => [f.ruleId, f.line, f.column, f.secret]);
    expect(at('crlf.env')).toEqual(at('lf.env'));
    expect(at('crlf.env').length).toBeGreaterThan(0);
    expect(at('crlf.env').every(([, , , secret]) => !String(secret).includes('\r'))).toBe(true);
  });

  it('read a CRLF .gitignore in hygiene: covered secret files are not reported, --fix appends once', () => {
    const dir = gitRepo({ '.gitignore': crlf('node_modules/\n.env\n'), '.env': 'A=1\n', 'id_rsa': 'x\n' });
    const first = runCli(['hygiene', '--format', 'json'], isolated(dir));
    expect(first.json().findings.filter((f) => f.ruleId === 'hygiene-secret-file-not-ignored').map((f) => f.file)).toEqual(['id_rsa']);
    runCli(['hygiene', '--fix'], isolated(dir));
    const fixed = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    expect(fixed.startsWith(crlf('node_modules/\n.env\n'))).toBe(true);
    expect(runCli(['hygiene', '--format', 'json'], isolated(dir)).json().findings.filter((f) => f.ruleId === 'hygiene-secret-file-not-ignored')).toEqual([]);
    runCli(['hygiene', '--fix'], isolated(dir));
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe(fixed);
  });

  it('honour a CRLF .keywardignore.yaml, and add entries to it with keyward ignore', () => {
    const dir = gitRepo({ 'a.py': `KEY = "${fake.sk()}"\n`, 'b.py': `KEY = "${fake.sk()}"\n` });
    const scan = () => runCli(['scan', '--no-hygiene', '--format', 'json'], isolated(dir));
    const [first, second] = scan().json().findings.map((f) => String(f.fingerprint));
    expect(runCli(['ignore', first!, '--reason', 'test fixture'], isolated(dir)).code).toBe(0);
    const file = path.join(dir, '.keywardignore.yaml');
    fs.writeFileSync(file, crlf(fs.readFileSync(file, 'utf8')));
    expect(scan().json().findings.map((f) => f.fingerprint)).toEqual([second]);
    expect(runCli(['ignore', second!, '--reason', 'another fixture'], isolated(dir)).code).toBe(0);
    const after = scan();
    expect(after.code).toBe(0);
    expect(after.json().findings).toEqual([]);
  });

  it('see keyward\'s own line in a CRLF hook as already installed', () => {
    const line = hookLine('/opt/keyward/bin/keyward.js');
    expect(line.endsWith(MARKER)).toBe(true);
    const hook = crlf(`#!/usr/bin/env sh\nnpx lint-staged\n${line}\n`);
    expect(replaceOwnLine(hook, line)).toEqual({ text: hook, how: 'unchanged' });
    const updated = replaceOwnLine(hook, hookLine('/elsewhere/keyward.js'))!;
    expect(updated.how).toBe('updated');
    expect(updated.text.split('\n').every((l) => l === '' || l.endsWith('\r'))).toBe(true);
  });
});
