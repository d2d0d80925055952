import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
let loaded: Crypto | undefined;

/**
 * node:crypto, loaded on first use: loading it costs ~7-10 ms, which a clean scan or pre-commit run never needs.
 * Every module that hashes or draws random bytes asks here: one static import of node:crypto anywhere in the CLI's
 * bundle (scripts/bundle.mjs makes one CommonJS module of it) loads it at every start.
 */
export function crypto(): Crypto {
  return (loaded ??= createRequire(import.meta.url)('node:crypto') as Crypto);
}

/** The SHA-256 of a text (as UTF-8) or of bytes, in hex: fingerprints, report ids, build hashes. */
export function sha256Hex(data: string | Uint8Array): string {
  return crypto().createHash('sha256').update(data).digest('hex');
}
