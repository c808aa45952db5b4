// Statistics for the reports: the median of repeated runs, latency percentiles, and the trend
// of a series sampled over time (the soak's RSS).

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Median; the mean of the middle two for an even count; NaN for none. */
export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Least-squares line through (x, y) points: slope, and the slope's standard error from the residuals. */
export function linearTrend(points: readonly (readonly [number, number])[]): { slope: number; standardError: number; n: number } {
  const n = points.length;
  if (n < 3) return { slope: Number.NaN, standardError: Number.NaN, n };
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const slope = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx;
  const residuals = points.reduce((a, [x, y]) => a + (y - my - slope * (x - mx)) ** 2, 0);
  return { slope, standardError: Math.sqrt(residuals / (n - 2) / sxx), n };
}
