import { describe, expect, it } from 'vitest';
import { linesToAppend, patternMatches } from '../../src/hygiene/gitignore-fix.js';

const PATTERNS = ['.env', '.env.*', '!.env.example', '*.pem', '**/config/secrets.yml'];

describe('linesToAppend', () => {
  it('adds the first pattern covering each file, with the exceptions that follow it', () => {
    expect(linesToAppend(PATTERNS, ['apps/web/.env.local', 'tls/ca.pem'], '')).toEqual(['.env.*', '!.env.example', '*.pem']);
  });

  it('adds nothing that is already a line of .gitignore, so a second run adds nothing', () => {
    expect(linesToAppend(PATTERNS, ['.env', 'a.pem'], '# mine\n  .env  \r\n*.pem\n')).toEqual([]);
  });

  it('re-adds an exception after a new pattern even when an earlier line has it', () => {
    expect(linesToAppend(PATTERNS, ['.env.production'], '!.env.example\n')).toEqual(['.env.*', '!.env.example']);
  });
});

describe('patternMatches', () => {
  it('matches slash-free patterns at any depth and anchored ones by path', () => {
    expect(patternMatches('.env.*', 'a/b/.env.local')).toBe(true);
    expect(patternMatches('*.pem', 'x.pem.bak')).toBe(false);
    expect(patternMatches('**/config/secrets.yml', 'config/secrets.yml')).toBe(true);
    expect(patternMatches('**/config/secrets.yml', 'app/config/secrets.yml')).toBe(true);
    expect(patternMatches('/.env', 'sub/.env')).toBe(false);
  });
});
