import { readSync } from 'node:fs';
import type { JsHistogram } from 'hdr-histogram-js';
import { RunRecorder } from './flowHistograms.js';
import { OTHER_LABELS } from './flowMatcher.js';
import { JtlCsvParser } from './jmeterJtl.js';
import type { Layout } from './jtlLayout.js';
import type { Targets } from './targetsFile.js';

/**
 * Parsing one byte range of a JTL CSV file: the work of one `node:worker_threads` worker (see
 * jtlParallel.ts), also used by the main thread to re-parse a range no worker verifiably covered.
 */

const READ = 1 << 20;

/**
 * Parses records from `start` (assumed to be a record start) until the first record that starts at
 * or after `limit`, reading with one reused buffer (no stream, no per-chunk allocation). Returns
 * the byte offset where parsing stopped: the start of that record, or the file size.
 */
export function parseRange(
  fd: number,
  parser: JtlCsvParser,
  start: number,
  limit: number,
  size: number,
): number {
  let buf = Buffer.allocUnsafe(READ * 2);
  let have = 0;
  let pos = start;
  parser.stopped = false;
  for (;;) {
    if (buf.length - have < READ) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, have);
      buf = bigger;
    }
    const n = pos < size ? readSync(fd, buf, have, buf.length - have, pos) : 0;
    const base = pos - have;
    pos += n;
    const len = have + n;
    const eof = n === 0 || pos >= size;
    const stop = parser.parse(buf.subarray(0, len), 0, eof, limit - base);
    if (parser.stopped) return base + stop;
    if (eof) return base + len;
    have = len - stop;
    if (have > 0) buf.copy(buf, 0, stop, len);
  }
}

/** A histogram as [min, max, index, count, index, count, …] over its non-empty buckets. */
export function encodeHistogram(h: JsHistogram): Float64Array {
  const out: number[] = [h.minNonZeroValue, h.maxValue];
  for (let i = 0; i < h.countsArrayLength; i++) {
    const c = h.getCountAtIndex(i);
    if (c !== 0) out.push(i, c);
  }
  return Float64Array.from(out);
}

/**
 * Adds an encoded histogram into `h` (same significant digits). Each bucket is recorded at its
 * lowest value, except that the first and last buckets are recorded at the exact min and max, so
 * the result has the same counts, min and max as if the samples had been recorded here.
 */
export function addEncoded(h: JsHistogram, enc: Float64Array): void {
  const min = enc[0] as number;
  const max = enc[1] as number;
  const pairs = (enc.length - 2) / 2;
  for (let p = 0; p < pairs; p++) {
    const idx = enc[2 + 2 * p] as number;
    const c = enc[3 + 2 * p] as number;
    if (pairs === 1) {
      if (c > 1) h.recordValueWithCount(min, c - 1);
      h.recordValueWithCount(max, 1);
    } else if (p === 0) h.recordValueWithCount(min, c);
    else if (p === pairs - 1) h.recordValueWithCount(max, c);
    else h.recordValueWithCount(h.valueFromIndex(idx), c);
  }
}

export interface RangeJob {
  file: string;
  start: number;
  /** Stop at the first record starting at or after this offset (Infinity: the end of the file). */
  limit: number;
  size: number;
  layout: Layout;
  fieldCount: number;
  targets: Targets | undefined;
  windowMs: number;
  /** Where window 0 starts (the file's first row), the same in every range. */
  originMs: number;
}

export interface EncodedFlow {
  id: number;
  name: string;
  count: number;
  errors: number;
  sumUs: number;
  bytes: [number, number, number, number];
  errorTypes: [string, number][];
  transaction: boolean;
  firstMs: number;
  lastMs: number;
  hist: Float64Array;
  windows: {
    key: number;
    count: number;
    errors: number;
    sumUs: number;
    threads: [number, number];
    hist: Float64Array;
    errorCodes: [string, number][];
  }[];
}

export interface RangeResult {
  start: number;
  /** Where parsing actually stopped; the next range is trusted only if it starts exactly here. */
  stop: number;
  /** Newlines consumed, to turn the range's relative line numbers into the file's. */
  lines: number;
  rows: number;
  /** More distinct labels than the dynamic-flow limit: only a single pass gives the same flows. */
  overflow: boolean;
  flows: EncodedFlow[];
  /** reason, count, the first few lines (1 = the range's first line). */
  skipped: [string, number, number[]][];
  unmatchedCount: number;
  unmatchedLabels: string[];
  fractionalMs: boolean;
  startMs: number;
  endMs: number;
  lastStartMs: number;
  timedCount: number;
  /** The range's window width: it may have had to widen them (see MAX_WINDOWS). */
  windowMs: number;
  times: { zoned: number; zoneless: number; offsets: string[]; epochSeconds: number };
  /** Time spent parsing, for the benchmark. */
  ms: number;
}

export function runRange(fd: number, job: RangeJob): RangeResult {
  const rec = new RunRecorder(job.targets, job.windowMs);
  rec.originMs = job.originMs;
  const parser = new JtlCsvParser(rec, job.layout, job.file, job.fieldCount);
  const skipped = new Map<string, [string, number, number[]]>();
  parser.onSkip = (reason, line) => {
    let e = skipped.get(reason);
    if (!e) {
      e = [reason, 0, []];
      skipped.set(reason, e);
    }
    e[1]++;
    if (e[2].length < 5) e[2].push(line);
  };
  const t0 = performance.now();
  const stop = parseRange(fd, parser, job.start, job.limit, job.size);
  const flows: EncodedFlow[] = [];
  rec.flows.forEach((f, id) => {
    if (!f) return;
    flows.push({
      id,
      name: f.name,
      count: f.count,
      errors: f.errors,
      sumUs: f.sumUs,
      bytes: [f.bytes, f.bytesN, f.sentBytes, f.sentN],
      errorTypes: [...f.errorTypes],
      transaction: f.transaction,
      firstMs: f.firstMs,
      lastMs: f.lastMs,
      hist: encodeHistogram(f.hist),
      windows: [...f.windows].map(([key, w]) => ({
        key,
        count: w.count,
        errors: w.errors,
        sumUs: w.sumUs,
        threads: [w.threadsSum, w.threadsN],
        hist: w.hist.encode(),
        errorCodes: w.errorCodes ? [...w.errorCodes] : [],
      })),
    });
  });
  const t = parser.times;
  return {
    start: job.start,
    stop,
    lines: parser.line - 1,
    rows: parser.rows,
    overflow: !rec.matcher.declared && rec.matcher.names.includes(OTHER_LABELS),
    flows,
    skipped: [...skipped.values()],
    unmatchedCount: rec.unmatchedCount,
    unmatchedLabels: [...rec.unmatchedLabels],
    fractionalMs: rec.fractionalMs,
    startMs: rec.startMs,
    endMs: rec.endMs,
    lastStartMs: rec.lastStartMs,
    timedCount: rec.timedCount,
    windowMs: rec.windowMs,
    times: { zoned: t.zoned, zoneless: t.zoneless, offsets: [...t.offsets], epochSeconds: t.epochSeconds },
    ms: performance.now() - t0,
  };
}
