/**
 * git's object id of a blob (SHA-1 of `blob <size>\0<bytes>`), in JavaScript: the staged scan checks the file
 * contents it rebuilds from git's diff against the ids git gave them (parse-diff.ts). Not for security (the diff
 * comes from git itself): a check that the rebuild is exact, without node:crypto, whose loading alone (~5 ms) costs
 * more than a commit's few files take to hash here.
 */
export function blobId(content: Uint8Array): string {
  return sha1([Buffer.from(`blob ${content.length}\0`, 'latin1'), content]);
}

/** SHA-1 (FIPS 180-4) of the parts one after the other, as 40 lowercase hex digits. */
export function sha1(parts: readonly Uint8Array[]): string {
  let length = 0;
  for (const p of parts) length += p.length;
  // The padded message: the bytes, a 1 bit, zeros, and the length in bits in its last 8 bytes (big-endian).
  const message = Buffer.from(new ArrayBuffer((((length + 8) >>> 6) + 1) * 64));
  let at = 0;
  for (const p of parts) message.set(p, at), (at += p.length);
  message[length] = 0x80;
  message.writeUInt32BE(Math.floor(length / 0x20000000), message.length - 8);
  message.writeUInt32BE((length * 8) >>> 0, message.length - 4);
  // As big-endian 32-bit words: swapped in place by node (one native pass) where the machine is little-endian.
  if (LITTLE_ENDIAN) message.swap32();
  const words = new Int32Array(message.buffer, 0, message.length / 4);
  const h = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0]);
  const w = new Int32Array(80);
  for (let block = 0; block < words.length; block += 16) compress(h, w, words, block);
  let hex = '';
  for (let i = 0; i < 5; i++) hex += (h[i]! >>> 0).toString(16).padStart(8, '0');
  return hex;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** One 64-byte block into the state `h` (`w`: the message schedule's room). Four loops, one per round function. */
function compress(h: Int32Array, w: Int32Array, words: Int32Array, block: number): void {
  for (let t = 0; t < 16; t++) w[t] = words[block + t]!;
  for (let t = 16; t < 80; t++) {
    const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
    w[t] = (x << 1) | (x >>> 31);
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let t = 0;
  for (; t < 20; t++) {
    const next = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[t]!) | 0;
    (e = d), (d = c), (c = (b << 30) | (b >>> 2)), (b = a), (a = next);
  }
  for (; t < 40; t++) {
    const next = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[t]!) | 0;
    (e = d), (d = c), (c = (b << 30) | (b >>> 2)), (b = a), (a = next);
  }
  for (; t < 60; t++) {
    const next = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + w[t]!) | 0;
    (e = d), (d = c), (c = (b << 30) | (b >>> 2)), (b = a), (a = next);
  }
  for (; t < 80; t++) {
    const next = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + w[t]!) | 0;
    (e = d), (d = c), (c = (b << 30) | (b >>> 2)), (b = a), (a = next);
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
}
