import type { RuleSpec } from '../engine/rule-types.js';
import type { Finding } from '../findings/finding.js';
import { isHistoryStep } from './steps.js';

/** Everything the plan shows. Findings carry masked secrets only: the plan never holds a full one. */
export interface PlanInput {
  repo: string;
  findings: Finding[];
  /** Rule specs by id, for each provider's revoke / usage / rotate data. */
  rules: ReadonlyMap<string, RuleSpec>;
  /** Fingerprints whose full secret is in the replacements file. */
  purgeable: ReadonlySet<string>;
  replacementsFile?: string;
  /** Some secrets span lines (private keys): BFG, which works line by line, cannot purge those. */
  multiLine: boolean;
  /** The origin remote's URL without credentials, when there is one. */
  originUrl?: string;
  /** The command that scanned history, for the verify step. */
  verifyCommand: string;
  /** What the history scan wants the user to know (shallow clone…). */
  notes?: string[];
}

interface Key {
  fingerprint: string;
  first: Finding;
  places: Finding[];
}

/** The step-by-step plan: revoke (by provider), deploy replacements, purge, verify, force-push, tell everyone. */
export function renderPlan(p: PlanInput): string {
  const keys = distinctKeys(p.findings).sort((a, b) => urgency(a) - urgency(b));
  const pushed = keys.filter((k) => urgency(k) === 0).length;
  const local = keys.filter((k) => urgency(k) === 2).length;
  const unknown = keys.length - pushed - local;
  const sections: Array<[string, string[]]> = [
    [pushed ? 'Revoke every leaked key now, before touching history' : 'Revoke the leaked keys (advised even though nothing was pushed)', revokeSection(keys, pushed > 0, p.rules)],
    ['Deploy the replacements', ['  Create a new key for each revoked one and deploy it through an environment variable or a secret manager', '  (your CI/CD secret store, a vault). Never commit it; keep .env files in .gitignore.']],
  ];
  // Whole-file findings (line 0: a .p12 key store) are purged by removing the file from every commit.
  const keyFiles = uniq(p.findings.filter((f) => f.line === 0).map((f) => f.file)).sort();
  if (p.replacementsFile || keyFiles.length) {
    sections.push(['Purge the keys from git history', purgeSection(p, p.replacementsFile, keys, pushed > 0, keyFiles)]);
    sections.push(['Verify the purge', [`    ${p.verifyCommand}`, '', '  It must exit 0 (no findings). If it still reports a key, add that key to the file and run the purge again.']]);
    if (pushed) sections.push(['Force-push the rewritten history', pushSection(p)], ['Tell everyone: the old history is still out there', TELL_EVERYONE]);
  }
  const out = [
    `keyward remediation plan for ${p.repo}`,
    `${plural(keys.length, 'leaked secret')} in ${plural(p.findings.length, 'place')}: ${pushed} pushed to a remote, ${local} local only${unknown ? `, ${unknown} not known to be committed here` : ''}.`,
    'Secrets are shown masked. keyward never rewrites history itself: you run the commands below.',
    ...(p.notes ?? []).map((n) => `note: ${n}`),
    '',
  ];
  sections.forEach(([title, body], i) => out.push(`Step ${i + 1}. ${title}`, ...body, ''));
  if (!p.replacementsFile && !keyFiles.length) out.push('No full secret is available to purge history with: run `keyward remediate` in the repository (it rescans history).');
  else {
    if (!pushed) out.push('Nothing was pushed: no force-push is needed. For a leak in the latest commit alone, `git commit --amend` after removing the key is enough.', '');
    if (p.replacementsFile) out.push(`When done, delete the replacements file: rm ${q(p.replacementsFile)}`);
  }
  return out.join('\n') + '\n';
}

function revokeSection(keys: Key[], anyPushed: boolean, rules: ReadonlyMap<string, RuleSpec>): string[] {
  const out = [
    anyPushed
      ? '  A pushed key is compromised: clones, forks and caches keep it after history is rewritten. Revoking is what protects you.'
      : '  Nothing reached a remote, but the keys have left your secret store: revoke them unless you are sure no one else saw them.',
  ];
  for (const [provider, group] of byProvider(keys)) out.push('', ...providerBlock(provider, group, rules));
  return out;
}

function purgeSection(p: PlanInput, file: string | undefined, keys: Key[], anyPushed: boolean, keyFiles: string[]): string[] {
  const missing = keys.filter((k) => !p.purgeable.has(k.fingerprint) && k.first.line > 0);
  const out: string[] = [];
  if (file) out.push(
    `  Replacements file (mode 0600, inside the git folder, never in the work tree): ${file}`,
    `  It holds ${plural(keys.filter((k) => p.purgeable.has(k.fingerprint)).length, 'secret')} in full; each is replaced by ***REMOVED***.`,
  );
  if (missing.length) out.push(`  Not in it (not found in this repository's history, already purged?): ${missing.map((k) => `${k.first.title} ${k.first.secret}`).join('; ')}.`);
  out.push('  Commit or stash your work first: git filter-repo rewrites every branch and tag, resets the work tree and prunes the old objects.', '', `    cd ${q(p.repo)}`);
  if (file) out.push(`    git filter-repo --replace-text ${q(file)} --force`);
  // Key files are secrets as a whole: they leave every commit.
  if (keyFiles.length) out.push(`    git filter-repo --invert-paths ${keyFiles.map((f) => `--path ${q(f)}`).join(' ')} --force`);
  out.push('', '  (--force: git filter-repo refuses to rewrite a repository that is not a fresh clone without it.)');
  if (anyPushed && file)
    out.push(
      '  Or with BFG Repo-Cleaner, in a fresh mirror clone of the remote (BFG leaves the latest commit alone: remove the keys',
      "  from your files and push that first). The mirror's `git push` is then the force-push, and your working clone must be re-cloned:",
      '',
      `    git clone --mirror ${q(p.originUrl ?? '<your remote URL>')} keyward-purge.git`,
      `    bfg --replace-text ${q(file)} keyward-purge.git`,
      '    cd keyward-purge.git && git reflog expire --expire=now --all && git gc --prune=now --aggressive',
    );
  if (p.multiLine) out.push('', '  A private key spans several lines: only git filter-repo purges it with this file (BFG replaces line by line; use bfg --delete-files for key files).');
  return out;
}

function pushSection(p: PlanInput): string[] {
  return [
    '  git filter-repo removes the origin remote so that nothing is pushed by accident; add it back, then push every branch and tag:',
    '',
    `    git remote add origin ${q(p.originUrl ?? '<your remote URL>')}`,
    '    git push --force --all origin',
    '    git push --force --tags origin',
    '',
    '  Protected branches must allow force-pushes for this (turn the protection back on afterwards).',
  ];
}

const TELL_EVERYONE = [
  '  - Collaborators must re-clone (a pull or merge from an old clone brings the secrets back).',
  '  - Forks, pull request refs, mirrors, package caches and CI caches or artifacts keep the old objects: delete them,',
  '    and ask your host (GitHub, GitLab) to purge cached views and unreferenced commits.',
  '  - This is why step 1 comes first: only revoking makes the leaked keys useless.',
];

function providerBlock(provider: string, keys: Key[], rules: ReadonlyMap<string, RuleSpec>): string[] {
  const specs = [...new Set(keys.map((k) => rules.get(k.first.ruleId)).filter((s): s is RuleSpec => s !== undefined))];
  const revoke = uniq(specs.map((s) => s.remediation.revoke));
  const out = [`  ${provider} (${plural(keys.length, 'key')})${revoke.length ? ` — revoke at ${revoke.join(' , ')}` : ''}`];
  for (const k of keys) {
    const state = k.places.some((f) => f.pushed === true) ? 'PUSHED: treat as compromised' : k.places.every((f) => f.pushed === false) ? 'local only' : k.first.commit ? 'pushed: unknown' : 'working tree';
    out.push(`    • ${k.first.title} ${k.first.secret} (fingerprint ${k.fingerprint.slice(0, 12)}) — ${state}`);
    for (const f of k.places) out.push(`        ${f.line ? `${f.file}:${f.line}` : f.file}${f.commit ? ` in commit ${f.commit.slice(0, 12)}${f.date ? ` (${f.date.slice(0, 10)}${f.author ? `, ${f.author}` : ''})` : ''}` : ''}`);
  }
  const then = specs.length
    ? uniq(specs.flatMap((s) => [...(s.remediation.steps ?? []), ...(s.remediation.rotate?.length ? [`Rotate related credentials as well: ${s.remediation.rotate.join('; ')}.`] : []), s.remediation.usage ? `Review usage since the leak: ${s.remediation.usage}` : `Review the ${provider} account's usage and audit logs since the leak.`]))
    : uniq(keys.flatMap((k) => k.first.remediation.slice(2).filter((s) => !isHistoryStep(s))));
  if (then.length) out.push('    Then:', ...then.map((t) => `      - ${t}`));
  return out;
}

function distinctKeys(findings: Finding[]): Key[] {
  const keys = new Map<string, Key>();
  for (const f of findings) {
    const k = keys.get(f.fingerprint);
    if (k) k.places.push(f);
    else keys.set(f.fingerprint, { fingerprint: f.fingerprint, first: f, places: [f] });
  }
  return [...keys.values()];
}

/** Pushed keys first (compromised), then unknown, then local only. */
function urgency(k: Key): number {
  return k.places.some((f) => f.pushed === true) ? 0 : k.places.every((f) => f.pushed === false) ? 2 : 1;
}

function byProvider(keys: Key[]): Map<string, Key[]> {
  const by = new Map<string, Key[]>();
  for (const k of keys) by.set(k.first.provider, [...(by.get(k.first.provider) ?? []), k]);
  return by;
}

const uniq = (xs: Array<string | undefined>) => [...new Set(xs.filter((x): x is string => !!x))];
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** POSIX shell single-quoting, so printed commands can be pasted as they are. */
export function q(s: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
