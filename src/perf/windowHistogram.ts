/**
 * The histogram of one over-time window: the same buckets as a flow's three-digit HDR histogram
 * (so a window's percentile is within the same 0.1%, and a window that holds every sample of a run
 * reads exactly the run's figure), kept sparse. A dense three-digit histogram is 92 KiB whatever it
 * holds; a window holds a few hundred distinct bucket values, so an open-addressing table of
 * (bucket index, count) pairs costs a few KiB and grows only with what was recorded.
 */

/** Bucket layout of a three-digit HDR histogram with lowest discernible value 1 (see flowHistograms). */
const HALF_MAGNITUDE = 10;
const HALF_COUNT = 1 << HALF_MAGNITUDE;

/** The HDR counts-array index of a value (µs, at least 1); a test checks it against hdr-histogram-js. */
export function bucketIndex(value: number): number {
  if (value < 0x80000000) {
    const bucket = Math.max(31 - Math.clz32(value) - HALF_MAGNITUDE, 0);
    return ((bucket + 1) << HALF_MAGNITUDE) + (value >>> bucket) - HALF_COUNT;
  }
  // Beyond 2^31 µs (36 min): the same formula without 32-bit operations.
  let log2 = 31;
  while (2 ** (log2 + 1) <= value) log2++;
  const bucket = log2 - HALF_MAGNITUDE;
  return (bucket + 1) * HALF_COUNT + Math.floor(value / 2 ** bucket) - HALF_COUNT;
}

/** The highest value in the bucket at `index`, as HDR's highestEquivalentValue(valueFromIndex(i)). */
export function bucketTop(index: number): number {
  let bucket = (index >> HALF_MAGNITUDE) - 1;
  let sub = (index & (HALF_COUNT - 1)) + HALF_COUNT;
  if (bucket < 0) {
    sub -= HALF_COUNT;
    bucket = 0;
  }
  const width = 2 ** bucket;
  return sub * width + width - 1;
}

const EMPTY = 0; // index 0 holds the value 0, which is never recorded (latencies are at least 1 µs)

export class WindowHistogram {
  count = 0;
  min = Number.POSITIVE_INFINITY;
  max = 0;
  private keys = new Int32Array(16);
  private counts = new Int32Array(16);
  private used = 0;

  /** Records `n` samples of `value` (µs) whose bucket is `index` (bucketIndex(value)). */
  record(index: number, value: number, n = 1): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    // Fibonacci hashing spreads neighbouring indices (latencies cluster) over the table.
    let slot = Math.imul(index, 0x9e3779b1) >>> 0;
    slot &= mask;
    for (;;) {
      const k = keys[slot] as number;
      if (k === index) break;
      if (k === EMPTY) {
        keys[slot] = index;
        if (++this.used * 4 > keys.length * 3) {
          this.grow();
          this.record(index, value, n);
          return;
        }
        break;
      }
      slot = (slot + 1) & mask;
    }
    (this.counts as Int32Array)[slot] = ((this.counts[slot] as number) + n) | 0;
    this.count += n;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.counts = new Int32Array(oldKeys.length * 2);
    this.used = 0;
    const min = this.min;
    const max = this.max;
    const count = this.count;
    for (let s = 0; s < oldKeys.length; s++) {
      const k = oldKeys[s] as number;
      if (k !== EMPTY) this.insert(k, oldCounts[s] as number);
    }
    this.min = min;
    this.max = max;
    this.count = count;
  }

  /** Adds a count to a bucket without touching count, min or max (used when growing and merging). */
  private insert(index: number, n: number): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    let slot = (Math.imul(index, 0x9e3779b1) >>> 0) & mask;
    while (keys[slot] !== EMPTY && keys[slot] !== index) slot = (slot + 1) & mask;
    if (keys[slot] === EMPTY) {
      keys[slot] = index;
      this.used++;
    }
    this.counts[slot] = ((this.counts[slot] as number) + n) | 0;
    if (this.used * 4 > keys.length * 3) this.grow();
  }

  /** Adds another window's samples (same buckets: the result is as if they were recorded here). */
  add(other: WindowHistogram): void {
    for (const [index, n] of other.buckets()) this.insert(index, n);
    this.count += other.count;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** Non-empty buckets as [index, count], in index (value) order. */
  buckets(): [number, number][] {
    const out: [number, number][] = [];
    for (let s = 0; s < this.keys.length; s++) {
      const k = this.keys[s] as number;
      if (k !== EMPTY) out.push([k, this.counts[s] as number]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  /**
   * Values (µs) at 1-based ranks, read as valuesAtRanks reads a flow's histogram: the top of the
   * rank's bucket, clamped to the recorded min and max. NaN for a rank above the count.
   */
  valuesAtRanks(ranks: readonly number[]): number[] {
    const order = ranks.map((r, i) => ({ r, i })).sort((a, b) => a.r - b.r);
    const out = new Array<number>(ranks.length).fill(Number.NaN);
    let k = 0;
    let cum = 0;
    for (const [index, n] of this.buckets()) {
      cum += n;
      while (k < order.length) {
        const want = order[k];
        if (!want || want.r > cum) break;
        out[want.i] = Math.max(this.min, Math.min(bucketTop(index), this.max));
        k++;
      }
      if (k === order.length) break;
    }
    return out;
  }

  /** Memory held by the table, bytes (for the benchmark and the memory test). */
  get bytes(): number {
    return this.keys.byteLength + this.counts.byteLength;
  }

  /** [min, max, index, count, …] for a worker's message; see fromEncoded. */
  encode(): Float64Array {
    const b = this.buckets();
    const out = new Float64Array(2 + 2 * b.length);
    out[0] = this.count === 0 ? 0 : this.min;
    out[1] = this.max;
    b.forEach(([index, n], j) => {
      out[2 + 2 * j] = index;
      out[3 + 2 * j] = n;
    });
    return out;
  }

  /** Adds an encoded window (see encode) into this one, exactly. */
  addEncoded(enc: Float64Array): void {
    let total = 0;
    for (let j = 2; j + 1 < enc.length; j += 2) {
      this.insert(enc[j] as number, enc[j + 1] as number);
      total += enc[j + 1] as number;
    }
    if (total === 0) return;
    this.count += total;
    if ((enc[0] as number) < this.min) this.min = enc[0] as number;
    if ((enc[1] as number) > this.max) this.max = enc[1] as number;
  }
}
