import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RunRecorder, WindowAcc } from './flowHistograms.js';
import { UNMATCHED } from './flowMatcher.js';
import { isGzip } from './input.js';
import { JtlCsvParser } from './jmeterJtl.js';
import { detectLayout, type JtlOptions, type Layout, splitCsvLine } from './jtlLayout.js';
import { addEncoded, parseRange, type RangeJob, type RangeResult, runRange } from './jtlRange.js';
import type { SourceInfo } from './summary.js';
import type { Targets } from './targetsFile.js';

/**
 * Parallel parsing of a large plain JTL CSV file with `node:worker_threads`.
 *
 * The file is cut into N byte ranges (N = min(available parallelism, 4); one for a file under
 * PARALLEL_MIN_BYTES): this thread parses the first, a worker each of the others. Each cut is moved to a
 * row start by this rule: the first newline at or after the cut that is followed by a line which,
 * read on its own, is a whole record — no quote character, exactly the file's number of columns,
 * a numeric elapsed and (when the file has one) a timestamp that looks like a time. A quoted field
 * may contain newlines and could, rarely, contain such a line; so the rule is a guess, and it is
 * verified: each worker parses its range from its start and goes on past the next range's start
 * until it reaches a record boundary of its own, then reports where it stopped. A range is used
 * only if it starts exactly where the previous one stopped; wherever that chain breaks, the main
 * thread re-parses from the last verified offset (in its own, correct state) until it lands exactly
 * on a later range's start. Workers count the newlines they consume, so skipped-row line numbers
 * are fixed up by prefix sums; histograms come back as sparse bucket counts and are merged
 * exactly (same buckets, min and max), so every figure equals the single-threaded one.
 *
 * Not used for gzip, stdin or other sources, or when a range sees more distinct labels than the
 * dynamic-flow limit (then only one pass in file order gives the same flows): those are read as a
 * stream (readJtlCsv).
 */

/** Below this size the cost of starting workers (~40 ms) is not worth it. */
export const PARALLEL_MIN_BYTES = 32 * 2 ** 20;
const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const PROBE = 1 << 20;

export interface ParallelOptions {
  /** Number of ranges (workers); default min(availableParallelism(), 4), or WAYMARK_PERF_THREADS. 1 disables. */
  threads?: number;
  /** Smallest file parsed in parallel; default PARALLEL_MIN_BYTES. */
  minBytes?: number;
  /** For tests: nominal cut offsets instead of equal ranges. */
  cuts?: number[];
}

export interface ParallelStats {
  ranges: number;
  /** Bytes re-parsed on the main thread because a range start was not verified. */
  reparsedBytes: number;
  /** Parse time of each worker, ms (without starting it). */
  workerMs: number[];
}

/** Statistics of the last parallel read in this process (for tests and the benchmark). */
export const lastParallelStats: ParallelStats = { ranges: 0, reparsedBytes: 0, workerMs: [] };

function defaultThreads(): number {
  const env = Number(process.env.WAYMARK_PERF_THREADS);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.min(availableParallelism(), 4);
}

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;

/** Is buf[s, e) a line that is a whole record on its own (see the rule above)? */
function plausibleRow(buf: Buffer, s: number, e: number, layout: Layout, fieldCount: number): boolean {
  if (e > s && buf[e - 1] === CR) e--;
  if (e <= s) return false;
  let field = 0;
  let fs = s;
  let tsOk = layout.ts < 0;
  let elOk = false;
  for (let i = s; i <= e; i++) {
    const b = i < e ? (buf[i] as number) : COMMA;
    if (b === QUOTE) return false;
    if (b !== COMMA) continue;
    if (field === layout.elapsed) {
      let k = fs;
      while (k < i && (isDigit(buf[k] as number) || buf[k] === 0x2e)) k++;
      elOk = k === i && i > fs;
    } else if (field === layout.ts) {
      let k = fs;
      while (k < i && isDigit(buf[k] as number)) k++;
      tsOk =
        (k === i && i - fs >= 9) ||
        /^\d{4}[-/]\d{2}[-/]\d{2}[T ]\d/.test(buf.toString('latin1', fs, Math.min(i, fs + 16)));
    }
    field++;
    fs = i + 1;
  }
  return field === fieldCount && tsOk && elOk;
}

/** The first plausible row start at or after `cut`, or -1 when none is found within a few MiB. */
function findRowStart(fd: number, cut: number, size: number, layout: Layout, fieldCount: number): number {
  const buf = Buffer.allocUnsafe(PROBE);
  let from = cut - 1;
  while (from < size && from < cut + 4 * PROBE) {
    const n = readSync(fd, buf, 0, PROBE, from);
    if (n <= 0) return -1;
    let q = buf.indexOf(LF);
    if (q < 0 || q >= n) {
      from += n;
      continue;
    }
    for (;;) {
      const r = buf.indexOf(LF, q + 1);
      if (r < 0 || r >= n) break;
      if (plausibleRow(buf, q + 1, r, layout, fieldCount)) return from + q + 1;
      q = r;
    }
    if (from + n >= size) return -1;
    from += q > 0 ? q : n;
  }
  return -1;
}

/** The start of the first sample with a readable timestamp in `head` (NaN when there is none). */
function firstStartMs(
  head: Buffer,
  from: number,
  layout: Layout,
  fieldCount: number,
  file: string,
  targets: Targets | undefined,
  windowMs: number,
): number {
  const probe = new RunRecorder(targets, windowMs);
  const parser = new JtlCsvParser(probe, layout, file, fieldCount);
  parser.onSkip = () => {};
  parser.parse(head, from, false);
  return probe.originMs;
}

function runWorker(job: RangeJob): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    // Spelt from three folders up so that it names the compiled worker from this module
    // (dist/src/perf/) and from the bundled CLI's chunks (dist/bundle/cli/) alike.
    const w = new Worker(new URL('../../../dist/src/perf/jtlWorker.js', import.meta.url), {
      workerData: job,
    });
    let done = false;
    w.once('message', (r: RangeResult) => {
      done = true;
      resolve(r);
    });
    w.once('error', reject);
    w.once('exit', (code) => {
      if (!done) reject(new Error(`JTL worker exited with code ${code}`));
    });
  });
}

function merge(rec: RunRecorder, parser: JtlCsvParser, r: RangeResult, lineBase: number, file: string): void {
  // A range that had to widen its windows is merged at its width (widths are doublings of one).
  if (r.windowMs > rec.windowMs) rec.widen(r.windowMs / rec.windowMs);
  const factor = rec.windowMs / r.windowMs;
  for (const f of r.flows) {
    const id = rec.matcher.declared ? f.id : rec.matcher.flowOf(f.name);
    if (id === UNMATCHED) continue;
    const acc = rec.flow(id);
    acc.count += f.count;
    acc.errors += f.errors;
    acc.sumUs += f.sumUs;
    acc.bytes += f.bytes[0];
    acc.bytesN += f.bytes[1];
    acc.sentBytes += f.bytes[2];
    acc.sentN += f.bytes[3];
    // In file order, so the MAX_ERROR_TYPES kept are the same ones a single pass keeps.
    for (const [key, n] of f.errorTypes) {
      const cut = key.indexOf('\n');
      const code = key.slice(0, cut);
      rec.addErrorType(id, code === '' ? null : code, key.slice(cut + 1), n);
    }
    if (f.transaction) acc.transaction = true;
    if (f.firstMs < acc.firstMs) acc.firstMs = f.firstMs;
    if (f.lastMs > acc.lastMs) acc.lastMs = f.lastMs;
    addEncoded(acc.hist, f.hist);
    for (const w of f.windows) {
      const key = Math.floor(w.key / factor);
      let wa = acc.windows.get(key);
      if (!wa) {
        wa = new WindowAcc();
        acc.windows.set(key, wa);
        rec.windowCount++;
      }
      wa.count += w.count;
      wa.errors += w.errors;
      wa.sumUs += w.sumUs;
      wa.threadsSum += w.threads[0];
      wa.threadsN += w.threads[1];
      wa.hist.addEncoded(w.hist);
      for (const [code, n] of w.errorCodes) wa.addErrorCode(code, n);
      if (key < rec.minKey) rec.minKey = key;
      if (key > rec.maxKey) rec.maxKey = key;
    }
    acc.lastKey = Number.NaN;
    acc.lastWindow = undefined;
  }
  rec.fitWindows();
  for (const [reason, count, lines] of r.skipped) {
    let e = rec.skipped.get(reason);
    if (!e) {
      e = { count: 0, where: [] };
      rec.skipped.set(reason, e);
    }
    e.count += count;
    for (const l of lines) if (e.where.length < 5) e.where.push(`${file}:${lineBase + l - 1}`);
  }
  rec.unmatchedCount += r.unmatchedCount;
  for (const l of r.unmatchedLabels) if (rec.unmatchedLabels.size < 20) rec.unmatchedLabels.add(l);
  if (r.startMs < rec.startMs) rec.startMs = r.startMs;
  if (r.endMs > rec.endMs) rec.endMs = r.endMs;
  if (r.lastStartMs > rec.lastStartMs) rec.lastStartMs = r.lastStartMs;
  rec.timedCount += r.timedCount;
  if (r.fractionalMs) rec.fractionalMs = true;
  const t = parser.times;
  t.zoned += r.times.zoned;
  t.zoneless += r.times.zoneless;
  t.epochSeconds += r.times.epochSeconds;
  for (const o of r.times.offsets) t.offsets.add(o);
}

/**
 * Reads a plain JTL CSV file in parallel into `rec`. Returns undefined, having touched nothing,
 * when the file is not a case for it (small, gzip, headerless with quotes, too many labels, or a
 * worker failed); the caller then takes the single-threaded path.
 */
export async function readJtlParallel(
  path: string,
  rec: RunRecorder,
  targets: Targets | undefined,
  opts: JtlOptions = {},
  par: ParallelOptions = {},
): Promise<SourceInfo | undefined> {
  const threads = par.threads ?? defaultThreads();
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined; // the single-threaded path reports it
  }
  try {
    const size = fstatSync(fd).size;
    if (!fstatSync(fd).isFile() || size === 0) return undefined;
    // One range (parsed here) for a small file or one thread; still no stream: reading into one
    // reused buffer measured 25% less CPU than a read stream's fresh 1 MiB chunks.
    const ranges = threads >= 2 && size >= (par.minBytes ?? PARALLEL_MIN_BYTES) ? threads : 1;
    const head = Buffer.allocUnsafe(Math.min(size, PROBE));
    readSync(fd, head, 0, head.length, 0);
    if (isGzip(head)) return undefined;
    // A UTF-8 byte order mark is not part of the first line (the single-threaded reader drops it too).
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const nl = head.indexOf(LF);
    if (nl < 0) return undefined;
    const first = head.toString('utf8', bom, nl);
    const layout = detectLayout(first, path, opts);
    let fieldCount: number;
    let dataStart: number;
    let firstLine: number;
    if (layout.header) {
      fieldCount = layout.columns.length;
      dataStart = nl + 1;
      firstLine = 2;
    } else {
      if (first.includes('"') || first.trim() === '') return undefined;
      fieldCount = splitCsvLine(first.replace(/\r$/, '')).length;
      dataStart = bom;
      firstLine = 1;
    }
    // Every range counts its windows from the same origin: the run's first timestamp.
    if (Number.isNaN(rec.originMs) && layout.ts >= 0) {
      rec.originMs = firstStartMs(head, dataStart, layout, fieldCount, path, targets, rec.windowMs);
      if (Number.isNaN(rec.originMs)) return undefined;
    }
    const cuts =
      ranges < 2
        ? []
        : (par.cuts ??
          Array.from({ length: ranges - 1 }, (_, k) =>
            Math.floor(dataStart + ((size - dataStart) * (k + 1)) / ranges),
          ));
    const starts = [dataStart];
    for (const cut of cuts) {
      if (cut <= dataStart || cut >= size) continue;
      const p = findRowStart(fd, cut, size, layout, fieldCount);
      if (p > (starts[starts.length - 1] as number) && p < size) starts.push(p);
    }
    const jobs: RangeJob[] = starts.map((start, k) => ({
      file: path,
      start,
      limit: starts[k + 1] ?? Number.POSITIVE_INFINITY,
      size,
      layout,
      fieldCount,
      targets,
      windowMs: rec.windowMs,
      originMs: rec.originMs,
    }));
    let results: RangeResult[];
    try {
      // The workers start first; the first range is parsed here meanwhile, as this thread would
      // otherwise wait (and a worker costs ~50 ms to load its modules).
      const others = jobs.slice(1).map(runWorker);
      const first = jobs[0] ? runRange(fd, jobs[0]) : undefined;
      results = [...(first ? [first] : []), ...(await Promise.all(others))];
    } catch {
      return undefined;
    }
    if (results.some((r) => r.overflow)) return undefined;

    // Chain of verified ranges, in file order; gaps are parsed here.
    const parser = new JtlCsvParser(rec, layout, path, fieldCount);
    const byStart = new Map(results.map((r) => [r.start, r]));
    let pos = dataStart;
    let line = firstLine;
    let rows = 0;
    let reparsed = 0;
    while (pos < size) {
      const r = byStart.get(pos);
      if (r) {
        merge(rec, parser, r, line, path);
        line += r.lines;
        rows += r.rows;
        pos = r.stop;
        continue;
      }
      const next = starts.find((s) => s > pos) ?? Number.POSITIVE_INFINITY;
      parser.line = line;
      const before = parser.rows;
      const stop = parseRange(fd, parser, pos, next, size);
      reparsed += stop - pos;
      rows += parser.rows - before;
      line = parser.line;
      pos = stop;
    }
    parser.finish();
    lastParallelStats.ranges = starts.length;
    lastParallelStats.reparsedBytes = reparsed;
    lastParallelStats.workerMs = results.map((r) => Math.round(r.ms));
    return { name: path, format: 'jmeter-csv', rows };
  } finally {
    closeSync(fd);
  }
}
