/**
 * git's object id of a blob (SHA-1 of `blob <size>\0<bytes>`), in JavaScript: the staged scan checks the file
 * contents it rebuilds from git's diff against the ids git gave them (parse-diff.ts). Not for security (the diff
 * comes from git itself): a check that the rebuild is exact, without node:crypto, whose loading alone (~5 ms) costs
 * more than a commit's few files take to hash here.
 */
export function blobId(content: Uint8Array): string {
  const header = new TextEncoder().encode(`blob ${content.length}\0`);
  return sha1([header, content]);
}

/** SHA-1 (FIPS 180-4) of the parts one after the other, as 40 lowercase hex digits. */
export function sha1(parts: readonly Uint8Array[]): string {
  let length = 0;
  for (const p of parts) length += p.length;
  // The message in big-endian 32-bit words: the bytes, a 1 bit, zeros, and the length in bits in the last 64 bits.
  const words = new Int32Array((((length + 8) >>> 6) + 1) * 16);
  let at = 0;
  for (const p of parts) for (let i = 0; i < p.length; i++, at++) words[at >> 2]! |= p[i]! << (24 - (at & 3) * 8);
  words[at >> 2]! |= 0x80 << (24 - (at & 3) * 8);
  words[words.length - 2] = Math.floor(length / 0x20000000);
  words[words.length - 1] = (length * 8) >>> 0;
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  const w = new Int32Array(80);
  for (let block = 0; block < words.length; block += 16) {
    for (let t = 0; t < 16; t++) w[t] = words[block + t]!;
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let t = 0; t < 80; t++) {
      const f = t < 20 ? ((b & c) | (~b & d)) + 0x5a827999 : t < 40 ? (b ^ c ^ d) + 0x6ed9eba1 : t < 60 ? ((b & c) | (b & d) | (c & d)) + (0x8f1bbcdc | 0) : (b ^ c ^ d) + (0xca62c1d6 | 0);
      const next = (((a << 5) | (a >>> 27)) + f + e + w[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = next;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  return [h0, h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}
