/**
 * Percentiles of n samples by rank, with distribution-free confidence intervals: the number of
 * samples at or below the true p-th percentile is Binomial(n, p/100), so ranks bracket it with a
 * known probability whatever the latency distribution. Exact binomial sums where the tail is small
 * (the case that matters: p99 of a few hundred samples), the normal approximation where it is large.
 */

/** Nearest rank: the smallest sample with at least p% of the samples at or below it. */
export function nearestRank(p: number, n: number): number {
  return Math.min(n, Math.max(1, Math.ceil((p / 100) * n - 1e-9)));
}

const ALPHA_HALF = 0.025;
/** Above this expected count in the smaller tail the normal approximation is within a rank or so. */
const EXACT_UP_TO = 100;

/**
 * 1-based ranks [lo, hi] of a 95% confidence interval for the p-th percentile: P(X(lo) ≤ true
 * percentile ≤ X(hi)) ≥ 95%. `hi` is n + 1 when no sample is high enough (the interval's top lies
 * above the largest sample), `lo` at least 1.
 */
export function percentileCiRanks(p: number, n: number): [number, number] {
  const q = p / 100;
  const r = 1 - q; // chance that a sample lies above the percentile
  if (n * Math.min(q, r) > EXACT_UP_TO || q <= 0 || q >= 1) {
    const half = 1.96 * Math.sqrt(n * q * (1 - q));
    const lo = Math.max(1, Math.floor(n * q - half));
    const hi = Math.min(n, Math.ceil(n * q + half) + 1);
    return [lo, hi];
  }
  // Y = samples above the percentile ~ Binomial(n, r); F(m) = P(Y ≤ m).
  // hi = n − m with m the largest where F(m) ≤ α/2; lo = n − k + 1 with k − 1 the smallest where F ≥ 1 − α/2.
  let pmf = (1 - r) ** n;
  let cdf = pmf;
  let m = cdf <= ALPHA_HALF ? 0 : -1;
  let j = 0;
  while (cdf < 1 - ALPHA_HALF && j < n) {
    pmf *= ((n - j) / (j + 1)) * (r / (1 - r));
    j++;
    cdf += pmf;
    if (cdf <= ALPHA_HALF) m = j;
  }
  const hi = n - m;
  const lo = Math.max(1, n - (j + 1) + 1);
  return [Math.min(lo, hi), hi];
}

const floors = new Map<number, number>();

/**
 * The fewest samples from which a percentile is judged: its 95% confidence interval must end below
 * the largest sample, so that no single sample sets it. P(at most one sample above the p-th
 * percentile) ≤ 2.5%: p50 9 samples, p90 54, p95 110, p99 555. Below that a figure is shown, marked,
 * and never judged.
 */
export function minSamplesFor(p: number): number {
  const known = floors.get(p);
  if (known !== undefined) return known;
  const r = 1 - p / 100;
  let n = 2;
  while ((1 - r) ** n + n * r * (1 - r) ** (n - 1) > ALPHA_HALF && n < 1e7) n++;
  floors.set(p, n);
  return n;
}
