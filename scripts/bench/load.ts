// What the benchmarks share: timing many calls at a given concurrency, and percentiles of the result.

/** Latencies (ms), sorted, of `total` calls of `run`, `concurrency` at a time. */
export async function load(run: () => Promise<void>, total: number, concurrency: number): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) {
        const t0 = performance.now();
        await run();
        times.push(performance.now() - t0);
      }
    }),
  );
  return times.sort((a, b) => a - b);
}

/** The p-th percentile (0–100) of sorted values. */
export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
