/** Maps over `items` with at most `limit` promises in flight, yielding results in input order. */
export async function* mapBounded<T, R>(items: Iterable<T>, limit: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  const queue: Promise<R>[] = [];
  const it = items[Symbol.iterator]();
  const fill = () => {
    while (queue.length < limit) {
      const next = it.next();
      if (next.done) return;
      queue.push(fn(next.value));
    }
  };
  fill();
  while (queue.length) {
    const r = await queue.shift()!;
    fill();
    yield r;
  }
}
