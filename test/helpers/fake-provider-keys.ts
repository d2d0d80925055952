/** Fake keys in the shapes of the provider catalogue, built at run time (prefixes split so this file stays clean). */
import { B64URL, randomChars } from './fake-keys.js';

const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export const fakeProvider = {
  openaiLegacy: () => 'sk-' + randomChars(20) + 'T3Blbk' + 'FJ' + randomChars(20),
  anthropicAdmin: () => 'sk-ant-' + 'admin01-' + randomChars(93, B64URL) + 'AA',
  groq: () => 'gs' + 'k_' + randomChars(52),
  huggingface: () => 'hf' + '_' + randomChars(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
  awsSecret: () => randomChars(40, B64),
  gitlab: () => 'gl' + 'pat-' + randomChars(20, B64URL),
  npm: () => 'np' + 'm_' + randomChars(36),
  githubLegacyHex: () => randomChars(40, HEX),
  shopify: () => 'shp' + 'at_' + randomChars(32, HEX),
  jwt: () => 'ey' + 'JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' + 'ey' + 'J' + randomChars(80, B64URL) + '.' + randomChars(43, B64URL),
  k8sData: () => randomChars(32, B64),
  datadog: () => randomChars(32, HEX),
};
