import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from './tmp.js';

function tlv(tag: number, value: Buffer): Buffer {
  const n = value.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), value]);
}

/** A DER PFX (version 3, PKCS#7 data holding `body`, a SHA-1 MacData): the shape, without real key material. */
export function pfxDer(opts: { version?: number; body?: Buffer; iterations?: number } = {}): Buffer {
  const data = tlv(0x06, Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]));
  const authSafe = tlv(0x30, Buffer.concat([data, tlv(0xa0, tlv(0x04, opts.body ?? Buffer.alloc(64, 7)))]));
  const sha1 = tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from([0x2b, 0x0e, 0x03, 0x02, 0x1a])), Buffer.from([0x05, 0x00])]));
  const mac = tlv(0x30, Buffer.concat([tlv(0x30, Buffer.concat([sha1, tlv(0x04, Buffer.alloc(20))])), tlv(0x04, Buffer.alloc(8, 1)), tlv(0x02, uint(opts.iterations ?? 2048))]));
  return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([opts.version ?? 3])), authSafe, mac]));
}

function uint(n: number): Buffer {
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x % 256);
  if ((bytes[0] ?? 0x80) >= 0x80) bytes.unshift(0);
  return Buffer.from(bytes);
}

export const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const cached = new Map<string, Buffer>();

/**
 * A real PKCS#12 key store written by `openssl pkcs12 -export` with `password` (a throwaway key, made now), or
 * the DER shape (no valid MAC) when openssl is not installed. Never committed: built at run time like every fake key.
 */
export function realPkcs12(password = 'k3yward-test-Passw0rd'): Buffer {
  const hit = cached.get(password);
  if (hit) return hit;
  const dir = tmpDir('keyward-p12-');
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    run('req', '-x509', '-newkey', 'rsa:1024', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '1', '-subj', '/CN=keyward-test');
    run('pkcs12', '-export', '-in', 'c.pem', '-inkey', 'k.pem', '-out', 'store.p12', '-passout', `pass:${password}`);
    cached.set(password, fs.readFileSync(path.join(dir, 'store.p12')));
  } catch {
    cached.set(password, pfxDer({ body: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) & 0xff)) }));
  }
  return cached.get(password)!;
}
