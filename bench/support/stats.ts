/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function summary(samples: readonly number[]): { n: number; p50: number; p99: number; max: number } {
  if (samples.length === 0) return { n: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: samples.reduce((m, x) => (x > m ? x : m), Number.NEGATIVE_INFINITY),
  };
}

/** Wall time of an async step in milliseconds (performance.now, sub-ms). */
export async function timed<T>(step: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await step();
  return { ms: performance.now() - start, value };
}
