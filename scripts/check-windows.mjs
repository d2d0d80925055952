// Differential check for keyword windowing: every fragment of a working tree (or of a repository's whole
// history, with --history) goes through two detectors with the built-in rules, one running line-bounded
// rules in keyword windows (the default) and one running every rule over the whole fragment. Prints each
// candidate or drop that only one of them reports (rule, file, line, a hash of the secret: never the secret)
// and exits 1 if there is any. Usage: npm run build && node scripts/check-windows.mjs <dir> [--history]
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const load = (m) => import(path.join(dist, m));
const [{ Detector }, { resolveRules }, { defaultConfig }, { WorkingTreeSource }, { GitHistorySource }] = await Promise.all([
  load('detect/detector.js'), load('engine/rule-set.js'), load('config/config.js'), load('sources/working-tree.js'), load('sources/git-history.js'),
]);

const dir = path.resolve(process.argv[2] ?? '.');
const history = process.argv.includes('--history');
const rules = resolveRules(defaultConfig());
const windowed = new Detector(rules);
const whole = new Detector(rules, { windows: false });
const source = history
  ? new GitHistorySource({ repo: dir, query: { revs: ['--all'], renames: false }, bounded: false, maxFileSize: 10 * 1024 * 1024, readsBinary: (p) => windowed.readsBinary(p) })
  : new WorkingTreeSource({ root: dir, targets: [dir], respectGitignore: false, maxFileSize: 10 * 1024 * 1024, readsBinary: (p) => windowed.readsBinary(p) });

const hash = (s) => createHash('sha256').update(s).digest('hex').slice(0, 12);
const keys = (r, f) => [
  ...r.candidates.map((c) => `found ${c.rule.spec.id} ${f.path}:${c.line}:${c.column}-${c.endLine}:${c.endColumn} ${hash(c.secret)}`),
  ...r.dropped.map((d) => `dropped ${d.ruleId} ${f.path}:${d.line} ${d.reason} ${hash(d.secret)}`),
];
let fragments = 0;
let same = 0;
let differ = 0;
for await (const f of source.fragments()) {
  fragments++;
  const a = keys(windowed.detect(f), f);
  const b = keys(whole.detect(f), f);
  if (a.join('\n') === b.join('\n')) {
    same += a.length;
    continue;
  }
  const sa = new Set(a);
  const sb = new Set(b);
  for (const k of a) if (!sb.has(k)) (differ++, console.log(`windowed only: ${k}${f.commit ? ` @ ${f.commit.sha.slice(0, 12)}` : ''}`));
  for (const k of b) if (!sa.has(k)) (differ++, console.log(`whole only:    ${k}${f.commit ? ` @ ${f.commit.sha.slice(0, 12)}` : ''}`));
  if (differ === 0) console.log(`same results, different order: ${f.path}`);
}
console.log(`${fragments} fragments; ${same} results identical; ${differ} differ`);
process.exitCode = differ ? 1 : 0;
