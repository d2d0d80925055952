/** Fake keys are built at run time so that keyward's own repository never holds one. */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const B64URL = ALNUM + '-_';

let state = 0x9e3779b9;
function next(): number {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 0x100000000;
}

export function randomChars(n: number, set = ALNUM): string {
  let s = '';
  for (let i = 0; i < n; i++) s += set[Math.floor(next() * set.length)];
  return s;
}

export const fake = {
  sk: () => 'sk-' + randomChars(48),
  skSub: () => 'sk-' + 'sub-' + randomChars(40),
  stripeLive: () => 'sk_' + 'live_' + randomChars(32),
  stripeRestricted: () => 'rk_' + 'live_' + randomChars(32),
  openaiProject: () => 'sk-' + 'proj-' + randomChars(74, B64URL) + 'T3BlbkFJ' + randomChars(74, B64URL),
  anthropic: () => 'sk-' + 'ant-api03-' + randomChars(93, B64URL) + 'AA',
  aws: () => 'AK' + 'IA' + randomChars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
  github: () => 'gh' + 'p_' + randomChars(36),
  pem: () => ['-----BEGIN RSA ' + 'PRIVATE KEY-----', ...Array.from({ length: 6 }, () => randomChars(64, ALNUM + '+/')), '-----END RSA ' + 'PRIVATE KEY-----'].join('\n'),
};
