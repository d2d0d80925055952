/**
 * Just enough of the WebAssembly binary format to write a small module by hand: numbers, vectors, sections and
 * the handful of i32 instructions the keyword scan needs (https://webassembly.github.io/spec/core/binary/).
 * A build step or a toolchain dependency would be heavier than these few lines.
 */
export type Bytes = number[];

export function uleb(n: number): Bytes {
  const out: Bytes = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

export const vec = (items: Bytes[]): Bytes => [...uleb(items.length), ...items.flat()];
export const section = (id: number, body: Bytes): Bytes => [id, ...uleb(body.length), ...body];
export const name = (s: string): Bytes => vec([...Buffer.from(s)].map((b) => [b]));

export const I32 = 0x7f;
/** A function type of `params` i32 parameters returning one i32. */
export const i32Func = (params: number): Bytes => [0x60, ...vec(Array.from({ length: params }, () => [I32])), ...vec([[I32]])];
/** A function body without extra locals. */
export const body = (code: Bytes): Bytes => {
  const all = [...vec([]), ...code, op.end];
  return [...uleb(all.length), ...all];
};

export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  get: (i: number): Bytes => [0x20, ...uleb(i)],
  set: (i: number): Bytes => [0x21, ...uleb(i)],
  tee: (i: number): Bytes => [0x22, ...uleb(i)],
  const: (n: number): Bytes => [0x41, ...sleb(n)],
  /** i32.load / i32.store with 4-byte alignment, and i32.load8_u, each with a constant offset. */
  load: (offset = 0): Bytes => [0x28, 2, ...uleb(offset)],
  store: (offset = 0): Bytes => [0x36, 2, ...uleb(offset)],
  load8u: (offset = 0): Bytes => [0x2d, 0, ...uleb(offset)],
  eqz: 0x45,
  ltS: 0x48,
  geU: 0x4f,
  add: 0x6a,
  sub: 0x6b,
  xor: 0x73,
  shl: 0x74,
} as const;

/** Module preamble: magic number and version 1. */
export const HEADER: Bytes = [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
