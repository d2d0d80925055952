import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fake } from '../helpers/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo, tmpDir, writeFiles } from '../helpers/tmp.js';

// Trigger strings are assembled at run time so that keyward's own scan of this file stays clean.
const T = {
  verifyOff: 'verify' + '=False',
  rejectOff: 'rejectUnauthorized' + ': false',
  nodeTlsOff: 'NODE_TLS_' + 'REJECT_UNAUTHORIZED=0',
  goSkip: 'InsecureSkipVerify' + ': true',
  curlK: 'curl' + ' -sk',
  http: 'http' + '://',
  nextPublic: 'NEXT_' + 'PUBLIC_',
};

/** keyward with git's global and system config isolated in the temp repo (HOME = the repo). */
function hygiene(dir: string, ...args: string[]) {
  return runCli(['hygiene', '--format', 'json', ...args], { cwd: dir, env: { HOME: dir, XDG_CONFIG_HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
}
function scan(dir: string, ...args: string[]) {
  return runCli(['scan', '--format', 'json', ...args], { cwd: dir, env: { HOME: dir, XDG_CONFIG_HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
}
type F = Record<string, unknown>;
const hits = (findings: F[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => f.file).sort();
const commitAll = (dir: string, msg = 'commit') => {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', msg);
};

describe('keyward hygiene: secret-bearing files not ignored', () => {
  it('reports secret files that no ignore rule covers and stays quiet about covered ones and templates', () => {
    const dir = gitRepo({ '.gitignore': '.env\n.env.*\n!.env.example\n', '.env': 'A=1\n', '.env.local': 'A=1\n', 'certs/server.pem': 'x\n', 'id_ed25519': 'x\n', '.env.example': 'A=\n', 'src/app.js': 'x\n' });
    const r = hygiene(dir);
    expect(r.code).toBe(1);
    const findings = r.json().findings;
    expect(hits(findings, 'hygiene-secret-file-not-ignored')).toEqual(['certs/server.pem', 'id_ed25519']);
    const f = findings.find((x) => x.file === 'id_ed25519')!;
    expect(f).toMatchObject({ kind: 'hygiene', line: 0, column: 0, secret: '', commit: null });
    expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect((f.remediation as string[]).join('\n')).toContain('keyward hygiene --fix');
  });

  it('lets a nested .gitignore cover the files below it, and only those', () => {
    const dir = gitRepo({ 'apps/api/.gitignore': '.env\n', 'apps/api/.env': 'A=1\n', 'apps/web/.env': 'A=1\n' });
    expect(hits(hygiene(dir).json().findings, 'hygiene-secret-file-not-ignored')).toEqual(['apps/web/.env']);
  });

  it('honours a negation pattern that re-includes a secret file', () => {
    const dir = gitRepo({ '.gitignore': '.env*\n!.env.local\n', '.env': 'A=1\n', '.env.local': 'A=1\n', '.env.production': 'A=1\n' });
    expect(hits(hygiene(dir).json().findings, 'hygiene-secret-file-not-ignored')).toEqual(['.env.local']);
  });

  it('counts the global excludes file (core.excludesFile)', () => {
    const dir = gitRepo({ 'server.key': 'x\n', 'tls/ca.pem': 'x\n' });
    expect(hits(hygiene(dir).json().findings, 'hygiene-secret-file-not-ignored')).toEqual(['server.key', 'tls/ca.pem']);
    const excludes = path.join(tmpDir(), 'global-ignore');
    fs.writeFileSync(excludes, '*.key\n*.pem\n');
    git(dir, 'config', 'core.excludesFile', excludes);
    const r = hygiene(dir);
    expect(hits(r.json().findings, 'hygiene-secret-file-not-ignored')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('expects a .env where the stack creates one (a .env.example, a Next.js config) until it is ignored', () => {
    const dir = gitRepo({ '.env.example': 'A=\n', 'web/next.config.js': 'module.exports = {}\n' });
    const found = hits(hygiene(dir).json().findings, 'hygiene-secret-file-not-ignored');
    expect(found).toEqual(['.env', '.env.local', '.env.production', 'web/.env', 'web/.env.local', 'web/.env.production']);
    writeFiles(dir, { '.gitignore': '.env\n.env.*\n!.env.example\n' });
    const r = hygiene(dir);
    expect(hits(r.json().findings, 'hygiene-secret-file-not-ignored')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('reports a tracked secret file that nothing ignores, saying it is tracked', () => {
    const dir = gitRepo({ 'deploy/credentials.json': '{}\n' });
    commitAll(dir);
    const f = hygiene(dir).json().findings.find((x) => x.ruleId === 'hygiene-secret-file-not-ignored')!;
    expect(f.file).toBe('deploy/credentials.json');
    expect((f.remediation as string[])[0]).toContain('is tracked');
  });
});

describe('keyward hygiene: configuration', () => {
  it('skips a rule turned off and paths allowlisted in .keyward.yaml', () => {
    const dir = gitRepo({ 'test/fixtures/server.pem': 'x\n', 'deploy/id_rsa': 'x\n', 'app.py': `requests.get(url, ${T.verifyOff})\n` });
    expect(hits(hygiene(dir).json().findings, 'hygiene-secret-file-not-ignored')).toEqual(['deploy/id_rsa', 'test/fixtures/server.pem']);
    writeFiles(dir, { '.keyward.yaml': 'allow:\n  paths: [test/fixtures/**]\nrules:\n  hygiene-tls-verification-disabled: off\n' });
    const f = hygiene(dir).json().findings;
    expect(f.map((x) => [x.ruleId, x.file])).toEqual([['hygiene-secret-file-not-ignored', 'deploy/id_rsa']]);
  });
});

describe('keyward hygiene: tracked although ignored', () => {
  it('reports a file that .gitignore matches but git tracks, and not an ignored untracked one', () => {
    const dir = gitRepo({ '.gitignore': '.env\n*.log\n!keep.log\n', '.env': 'A=1\n', 'debug.log': 'x\n', 'keep.log': 'x\n', 'config/.gitignore': 'settings.local.json\n', 'config/settings.local.json': '{}\n' });
    git(dir, 'add', '-f', '.env', 'config/settings.local.json');
    git(dir, 'add', '.gitignore', 'config/.gitignore', 'keep.log');
    git(dir, 'commit', '-q', '-m', 'oops');
    const r = hygiene(dir);
    // keep.log is tracked and re-included by the negation; debug.log is ignored and untracked: neither is reported.
    expect(hits(r.json().findings, 'hygiene-tracked-but-ignored')).toEqual(['.env', 'config/settings.local.json']);
    expect(hits(r.json().findings, 'hygiene-secret-file-not-ignored')).toEqual([]);
    expect(r.json().findings.find((f) => f.ruleId === 'hygiene-tracked-but-ignored')!.remediation).toEqual(expect.arrayContaining([expect.stringContaining('git rm --cached -- .env')]));
  });
});

describe('keyward hygiene: ever committed', () => {
  it('reports a secret file added in history and since deleted, with the commit that added it', () => {
    const dir = gitRepo({ '.gitignore': 'id_rsa\n', 'README.md': 'x\n', '.env.example': 'A=\n' });
    commitAll(dir, 'init');
    writeFiles(dir, { 'keys/id_rsa': 'x\n' });
    git(dir, 'add', '-f', 'keys/id_rsa');
    git(dir, 'commit', '-q', '-m', 'add key');
    const added = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'rm', '-q', 'keys/id_rsa');
    git(dir, 'commit', '-q', '-m', 'remove key');
    const r = hygiene(dir);
    const found = r.json().findings.filter((f) => f.ruleId === 'hygiene-secret-file-in-history');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'keys/id_rsa', commit: added, author: 'Test Author', removed: true, line: 0 });
    expect(r.code).toBe(1);
  });

  it('finds a secret file committed on another branch only, and never a committed template', () => {
    const dir = gitRepo({ '.env.example': 'A=\n', '.gitignore': '*.p12\n' });
    commitAll(dir, 'init');
    git(dir, 'checkout', '-q', '-b', 'side');
    writeFiles(dir, { 'signing.p12': 'x\n' });
    git(dir, 'add', '-f', 'signing.p12');
    git(dir, 'commit', '-q', '-m', 'side');
    git(dir, 'checkout', '-q', 'main');
    expect(hits(hygiene(dir).json().findings, 'hygiene-secret-file-in-history')).toEqual(['signing.p12']);
  });
});

describe('keyward hygiene: content checks', () => {
  it('reports a real-looking key in a template and not a placeholder, without printing the key', () => {
    const key = fake.stripeLive();
    const dir = gitRepo({ '.gitignore': '.env\n.env.*\n!.env.example\n', '.env.example': `STRIPE_SECRET_KEY=${key}\n`, 'config/app.env.template': 'OPENAI_API_KEY=sk-your-api-key\n' });
    const r = hygiene(dir);
    expect(hits(r.json().findings, 'hygiene-template-real-value')).toEqual(['.env.example']);
    expect(r.json().findings.find((f) => f.ruleId === 'hygiene-template-real-value')).toMatchObject({ line: 1, column: 19 });
    expect(r.stdout).not.toContain(key);
  });

  it('reports literal secrets in Dockerfile, compose, config files and .npmrc, and not ${VAR} placeholders', () => {
    const lit = () => fake.sk().slice(3, 23);
    const dir = gitRepo({
      Dockerfile: `FROM node:20\nARG NPM_TOKEN\nENV OPENAI_API_KEY=${lit()}\nENV NODE_ENV=production\n`,
      'docker/Dockerfile.dev': 'FROM node:20\nENV OPENAI_API_KEY=${OPENAI_API_KEY}\n',
      'docker-compose.yml': `services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=${lit()}\n      - API_TOKEN=\${API_TOKEN}\n`,
      'config/settings.yaml': `payments:\n  api_key: ${lit()}\n  other_key: \${PAYMENTS_KEY}\n`,
      'config/clean.toml': 'api_key = "${API_KEY}"\n',
      '.npmrc': `//registry.npmjs.org/:_authToken=${lit()}\n`,
      'packages/ui/.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n',
    });
    const f = hygiene(dir).json().findings;
    expect(f.filter((x) => x.ruleId === 'hygiene-dockerfile-literal-secret').map((x) => [x.file, x.line])).toEqual([['Dockerfile', 3]]);
    expect(f.filter((x) => x.ruleId === 'hygiene-compose-literal-secret').map((x) => [x.file, x.line])).toEqual([['docker-compose.yml', 4]]);
    expect(f.filter((x) => x.ruleId === 'hygiene-config-literal-secret').map((x) => [x.file, x.line])).toEqual([['config/settings.yaml', 2]]);
    expect(f.filter((x) => x.ruleId === 'hygiene-npmrc-literal-token').map((x) => [x.file, x.line])).toEqual([['.npmrc', 1]]);
  });

  it('reports secret-named public env variables and keys in frontend code, not public-by-design ones or server code', () => {
    const key = fake.sk();
    const dir = gitRepo({
      '.env.example': `${T.nextPublic}OPENAI_API_KEY=\n${T.nextPublic}STRIPE_PUBLISHABLE_KEY=\n`,
      'src/components/Chat.jsx': `const key = "${key}";\n`,
      'server/openai.js': `const key = "${key}";\n`,
      'src/lib/env.ts': 'export const k = import.meta.env.VITE_' + 'API_SECRET;\n',
      '.gitignore': '.env\n.env.*\n!.env.example\n',
    });
    const f = hygiene(dir).json().findings;
    expect(f.filter((x) => x.ruleId === 'hygiene-public-env-secret-name').map((x) => [x.file, x.line])).toEqual([['.env.example', 1], ['src/lib/env.ts', 1]]);
    expect(hits(f, 'hygiene-client-side-key')).toEqual(['src/components/Chat.jsx']);
  });

  it('reports TLS verification turned off and http:// to remote APIs, not verified TLS or localhost', () => {
    const dir = gitRepo({
      'app.py': `requests.get(url, ${T.verifyOff})\nrequests.get(url, verify=True)\nBASE_URL = "${T.http}api.acme-gateway.io/v1"\nAPI_URL = "${T.http}localhost:8080"\n`,
      'client.js': `new https.Agent({ ${T.rejectOff} })\nconst api = { baseURL: "https://api.acme-gateway.io" };\n`,
      'deploy.sh': `${T.nodeTlsOff} node server.js\n${T.curlK} https://api.acme-gateway.io\ncurl -fsSL https://api.acme-gateway.io\n`,
      'main.go': `cfg := &tls.Config{${T.goSkip}}\n`,
    });
    const f = hygiene(dir).json().findings;
    expect(f.filter((x) => x.ruleId === 'hygiene-tls-verification-disabled').map((x) => [x.file, x.line])).toEqual([['app.py', 1], ['client.js', 1], ['deploy.sh', 1], ['deploy.sh', 2], ['main.go', 1]]);
    expect(f.filter((x) => x.ruleId === 'hygiene-insecure-http-url').map((x) => [x.file, x.line])).toEqual([['app.py', 3]]);
  });
});

describe('keyward hygiene --fix', () => {
  it('appends the missing patterns once, keeps every user line, keeps .env.example allowed and prints git rm --cached', () => {
    const userLines = '# build output\ndist/\n\n!.env.example\nnode_modules'; // no final newline on purpose
    const dir = gitRepo({ '.gitignore': userLines, '.env.example': 'A=\n', '.env': 'A=1\n', 'server.key': 'x\n', 'src/app.js': 'x\n' });
    commitAll(dir, 'init');
    const first = runCli(['hygiene', '--fix'], { cwd: dir, env: { HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
    const after = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    expect(after.startsWith(userLines + '\n')).toBe(true);
    expect(after).toMatch(/^\.env$/m);
    expect(after).toMatch(/^\.env\.\*$/m);
    expect(after).toMatch(/^\*\.key$/m);
    expect(first.stdout).toContain('git rm --cached -- .env');
    expect(first.stdout).toContain('git rm --cached -- server.key');

    const second = runCli(['hygiene', '--fix'], { cwd: dir, env: { HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe(after);
    expect(second.stdout).toContain('already has every pattern');

    // .env.example stays allowed; .env and .env.local are now ignored; nothing was untracked.
    expect(() => git(dir, 'check-ignore', '--no-index', '-q', '.env.example')).toThrow();
    expect(git(dir, 'check-ignore', '--no-index', '.env', '.env.local', 'server.key').split('\n').filter(Boolean)).toEqual(['.env', '.env.local', 'server.key']);
    expect(git(dir, 'ls-files').split('\n')).toEqual(expect.arrayContaining(['.env', 'server.key']));
    expect(fs.existsSync(path.join(dir, '.env'))).toBe(true);
  });

  it('leaves .gitignore (CRLF and all) untouched when nothing is missing, and keeps JSON output clean', () => {
    const text = '# mine\r\n.env\r\n';
    const dir = gitRepo({ '.gitignore': text, 'a.js': 'x\n' });
    const r = runCli(['hygiene', '--fix'], { cwd: dir, env: { HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe(text);
    // With --format json the fix notes go to stderr, so stdout stays one JSON report.
    const j = hygiene(dir, '--fix');
    expect(j.json().findings).toEqual([]);
    expect(j.stderr).toContain('fix:');
  });
});

describe('keyward scan with hygiene', () => {
  it('reports hygiene findings by default inside a git repository and exits 1; --no-hygiene turns them off', () => {
    const dir = gitRepo({ 'prod.pem': 'x\n', 'app.py': `requests.get(url, ${T.verifyOff})\n` });
    const r = scan(dir);
    expect(r.code).toBe(1);
    expect(r.json().findings.map((f) => [f.ruleId, f.kind])).toEqual([
      ['hygiene-tls-verification-disabled', 'hygiene'],
      ['hygiene-secret-file-not-ignored', 'hygiene'],
    ]);
    const off = scan(dir, '--no-hygiene');
    expect(off.code).toBe(0);
    expect(off.json().findings).toEqual([]);
  });

  it('reports both the secret and the hygiene problem for a key in a template', () => {
    const key = fake.sk();
    const dir = gitRepo({ '.gitignore': '.env\n.env.*\n!.env.example\n', '.env.example': `OPENAI_API_KEY=${key}\n` });
    const r = scan(dir);
    expect(r.json().findings.map((f) => f.ruleId).sort()).toEqual(['hygiene-template-real-value', 'sk-standard-key']);
    expect(r.stdout).not.toContain(key);
  });

  it('runs no hygiene check outside a git repository', () => {
    const dir = tmpDir();
    writeFiles(dir, { 'prod.pem': 'x\n', 'app.py': `requests.get(url, ${T.verifyOff})\n` });
    const r = scan(dir);
    expect(r.code).toBe(0);
  });

  it('keyward hygiene exits 2 outside a git repository', () => {
    const r = hygiene(tmpDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a git repository');
  });
});
