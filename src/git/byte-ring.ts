import type { SharedPlace } from '../detect/wasm-dfa.js';

/**
 * A byte queue in shared memory between two threads: one writes, the other reads, and neither allocates per
 * chunk. The reader can look at queued bytes in place and gives their space back with `consume`.
 *
 * Layout: four int32 cells, then the ring. `written` and `consumed` count bytes since the start, modulo 2^32
 * (the ring's size is a power of two, so a count modulo the size is a position in the ring). `signal` moves
 * whenever the writer adds bytes or ends, so a reader that saw nothing new can wait on it without missing a
 * wake-up.
 */
const WRITTEN = 0;
const CONSUMED = 1;
const ENDED = 2;
const SIGNAL = 3;
const HEADER_BYTES = 16;

/** In Node since 16, in TypeScript's lib from es2024 on. */
type WaitAsync = (cells: Int32Array, index: number, value: number) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** What another thread needs to attach to a ring: plain data that `postMessage` and `workerData` carry. */
export interface RingHandle extends SharedPlace {
  size: number;
}

export class ByteRing {
  readonly size: number;
  private readonly cells: Int32Array;
  private readonly data: Uint8Array;

  private constructor(readonly handle: RingHandle) {
    this.cells = new Int32Array(handle.buffer, handle.offset, HEADER_BYTES / 4);
    this.data = new Uint8Array(handle.buffer, handle.offset + HEADER_BYTES, handle.size);
    this.size = handle.size;
  }

  /**
   * A new, empty ring of `size` bytes (a power of two), in memory of its own or at `place` in shared memory that
   * holds other data too (`bytesFor(size)` bytes there, zeroed, 4-byte aligned).
   */
  static create(size: number, place?: SharedPlace): ByteRing {
    if (size < 2 || (size & (size - 1)) !== 0 || size > 2 ** 30) throw new RangeError(`ring size must be a power of two up to 1 GiB, not ${size}`);
    return new ByteRing({ ...(place ?? { buffer: new SharedArrayBuffer(HEADER_BYTES + size), offset: 0 }), size });
  }

  /** The memory a ring of `size` bytes takes. */
  static bytesFor(size: number): number {
    return HEADER_BYTES + size;
  }

  /** The ring another thread created. */
  static attach(handle: RingHandle): ByteRing {
    return new ByteRing(handle);
  }

  // --- writer side ---

  /** Copies as much of `src` as there is room for; returns how many bytes that was. */
  put(src: Uint8Array): number {
    const written = Atomics.load(this.cells, WRITTEN);
    const room = this.size - ((written - Atomics.load(this.cells, CONSUMED)) >>> 0);
    const n = Math.min(room, src.length);
    if (n === 0) return 0;
    const at = (written >>> 0) & (this.size - 1);
    const first = Math.min(n, this.size - at);
    this.data.set(src.subarray(0, first), at);
    if (n > first) this.data.set(src.subarray(first, n), 0);
    Atomics.store(this.cells, WRITTEN, (written + n) | 0);
    this.signal();
    return n;
  }

  /** Adds `n` bytes that carry nothing (the reader skips them too), if there is room for all of them. */
  pad(n: number): boolean {
    if (this.size - this.filled < n) return false;
    Atomics.add(this.cells, WRITTEN, n);
    this.signal();
    return true;
  }

  /** The ring position the next byte put goes to. */
  get writeAt(): number {
    return (Atomics.load(this.cells, WRITTEN) >>> 0) & (this.size - 1);
  }

  /** Resolves once the reader has given some space back (or at once if there is room for `need` bytes). */
  async roomFreed(need = 1): Promise<void> {
    const consumed = Atomics.load(this.cells, CONSUMED);
    if (this.size - ((Atomics.load(this.cells, WRITTEN) - consumed) >>> 0) >= need) return;
    const w = waitAsync(this.cells, CONSUMED, consumed);
    if (w.async) await w.value;
  }

  /** No more bytes will come. */
  end(): void {
    Atomics.store(this.cells, ENDED, 1);
    this.signal();
  }

  // --- reader side ---

  /** Bytes queued and not consumed. */
  get filled(): number {
    return (Atomics.load(this.cells, WRITTEN) - Atomics.load(this.cells, CONSUMED)) >>> 0;
  }

  /** True once the writer has ended; bytes may still be queued. */
  get ended(): boolean {
    return Atomics.load(this.cells, ENDED) === 1;
  }

  /** A token to pass to `changed`: take it before looking at `filled` and `ended`. */
  get mark(): number {
    return Atomics.load(this.cells, SIGNAL);
  }

  /** Resolves when the writer has added bytes or ended since `mark` was taken. */
  async changed(mark: number): Promise<void> {
    const w = waitAsync(this.cells, SIGNAL, mark);
    if (w.async) await w.value;
  }

  /** The ring position of the first queued byte. */
  get readAt(): number {
    return this.position(0);
  }

  /** Offset of the first `byte` among the queued bytes from `from` up to `to` (at most `filled`), or -1. */
  indexOf(byte: number, from: number, to: number): number {
    if (from >= to) return -1;
    const start = this.position(from);
    const first = Math.min(to - from, this.size - start);
    const i = this.data.subarray(start, start + first).indexOf(byte);
    if (i !== -1) return from + i;
    const j = this.data.subarray(0, to - from - first).indexOf(byte);
    return j === -1 ? -1 : from + first + j;
  }

  /** The `length` queued bytes at `offset`, in place (valid until consumed); undefined when they wrap around the ring's end. */
  view(offset: number, length: number): Uint8Array | undefined {
    const start = this.position(offset);
    return start + length <= this.size ? this.data.subarray(start, start + length) : undefined;
  }

  /** Copies `length` queued bytes at `offset` into `into` at `at`. */
  copy(offset: number, length: number, into: Uint8Array, at = 0): void {
    const start = this.position(offset);
    const first = Math.min(length, this.size - start);
    into.set(this.data.subarray(start, start + first), at);
    if (length > first) into.set(this.data.subarray(0, length - first), at + first);
  }

  /** Gives the first `n` queued bytes' space back to the writer. */
  consume(n: number): void {
    if (n === 0) return;
    Atomics.add(this.cells, CONSUMED, n);
    Atomics.notify(this.cells, CONSUMED);
  }

  private position(offset: number): number {
    return ((Atomics.load(this.cells, CONSUMED) >>> 0) + offset) & (this.size - 1);
  }

  private signal(): void {
    Atomics.add(this.cells, SIGNAL, 1);
    Atomics.notify(this.cells, SIGNAL);
  }
}
