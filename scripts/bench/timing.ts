/** The best (least disturbed) of `runs` timings of `fn`, in milliseconds: how the benchmarks time a call. */
export function best(fn: () => unknown, runs = 11): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return min;
}
