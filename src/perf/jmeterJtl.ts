import { InputError } from '../diagnostics/index.js';
import type { RunRecorder } from './flowHistograms.js';
import { UNMATCHED } from './flowMatcher.js';
import { type ByteSource, openWithoutBom } from './input.js';
import { TRANSACTION_MESSAGE } from './jmeterTransaction.js';
import { detectLayout, type JtlOptions, type Layout } from './jtlLayout.js';
import { decimalNumber, MAX_LATENCY_MS, MAX_TIMESTAMP_MS, sampleProblem } from './limits.js';
import type { SourceInfo } from './summary.js';
import { TimeParser } from './timestamps.js';

/**
 * A record longer than this is not read: it is an unterminated quote eating the file, or a row no
 * JTL writer produces. It is reported once, at its first line, and reading resumes after the first
 * newline that follows its start, so neither memory nor the line numbers after it run away.
 */
export const MAX_RECORD = 1 << 20;
export const LONG_ROW = 'row longer than 1 MiB (not read)';
export const UNTERMINATED_QUOTE = 'unterminated quoted field (more than 1 MiB without a closing quote)';
const FNV_SEED = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** A second, independent 32-bit hash of the label (multiply-xor with another odd constant and seed). */
const H2_SEED = 0x2545f491;
const H2_PRIME = 0x9e3779b1 | 0;
const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The next quote at or after `from`, or the buffer's length when there is none. */
function nextQuote(buf: Buffer, from: number): number {
  const q = buf.indexOf(QUOTE, from);
  return q < 0 ? buf.length : q;
}

/** Fast path, per column: skipped, or read as the timestamp, elapsed, label or success flag. */
const K_SKIP = 0;
const K_TS = 1;
const K_ELAPSED = 2;
const K_LABEL = 3;
const K_SUCCESS = 4;
const K_BYTES = 5;
const K_SENT = 6;
const K_THREADS = 7;

/** Off only in tests, which check that the fast path changes nothing. */
export const jtlFastPath = { enabled: true };

interface LabelEntry {
  hash: number;
  hash2: number;
  length: number;
  flow: number;
  label: string;
  next: LabelEntry | undefined;
}

/**
 * The hot path of `waymark perf`: a byte-level CSV state machine over raw Buffers. A general CSV
 * library (csv-parse) was measured 20x slower on JTL files, mostly in building a string per field:
 * here only the fields we need are looked at, numbers are read straight from the bytes, and labels
 * are looked up by a hash of their bytes, so a string is made only the first time a label is seen.
 * Quoted fields (commas, doubled quotes, newlines inside) are handled.
 *
 * Most rows take a fast path (fastRows): no quote before the row's newline (both found with native
 * indexOf), the few needed columns read in one pass, the label hashed as it is scanned. Any row it
 * is unsure of goes through the general state machine, so results are the same either way (a
 * property test runs both on arbitrary, often malformed, input).
 */
export class JtlCsvParser {
  line = 1;
  rows = 0;
  /** Set when parse() stopped at its `limit` (a record starting at or after it). */
  stopped = false;
  /** Replaces the recorder's skip list (workers report line numbers relative to their range). */
  onSkip: ((reason: string, line: number) => void) | undefined;
  readonly times = new TimeParser();
  private fieldCount = -1;
  /** Labels seen, by hash: a chained table, doubled when it holds twice as many labels as slots. */
  private slots: (LabelEntry | undefined)[] = new Array(64).fill(undefined);
  private labelCount = 0;
  private readonly lastNeeded: number;
  /** The fast path's steps: skip stepSkips[j] columns, then read one as stepKinds[j] (K_TS, …). */
  private readonly stepSkips: Int32Array;
  private readonly stepKinds: Uint8Array;
  /**
   * The columns a JMeter JTL always starts with (timeStamp, elapsed, label, responseCode,
   * responseMessage, threadName, dataType, success: the first eight never moved): read by
   * straight-line code in prefixRows, then the steps from `tailStep` on.
   */
  private readonly prefix: boolean;
  private readonly tailStep: number;
  /** Every fast row has bytes, sentBytes and threads: RunRecorder.addOk takes it. */
  private readonly okFast: boolean;
  /** Next quote at or after the fast path's position in the current buffer (buffer length: none). */
  private quoteAt = -1;
  /** Inside a record too long to read: bytes are dropped up to the next newline, in later buffers too. */
  private discarding = false;

  constructor(
    private readonly rec: RunRecorder,
    private readonly layout: Layout,
    private readonly file: string,
    /** The number of columns, when known before the first row (a header, or a range of a larger file). */
    fieldCount?: number,
  ) {
    if (layout.header) this.fieldCount = layout.columns.length;
    if (fieldCount !== undefined) this.fieldCount = fieldCount;
    const needed = [layout.ts, layout.elapsed, layout.label, layout.success, layout.bytes, layout.sent];
    needed.push(layout.threads);
    // The code and messages: for a failed row's error type (only the general loop takes failed
    // rows), and the code for success when there is no success column.
    needed.push(layout.code, layout.failure);
    if (rec.matcher.usesUrls) needed.push(layout.url);
    // The message marks a Transaction Controller's rows; they are always quoted (the message has a
    // comma), so only the general loop reads it, but it must reach that column.
    needed.push(layout.message);
    this.lastNeeded = Math.max(...needed);
    const kinds = new Uint8Array(this.lastNeeded + 1);
    if (layout.ts >= 0) kinds[layout.ts] = K_TS;
    kinds[layout.elapsed] = K_ELAPSED;
    kinds[layout.label] = K_LABEL;
    if (layout.success >= 0) kinds[layout.success] = K_SUCCESS;
    if (layout.bytes >= 0) kinds[layout.bytes] = K_BYTES;
    if (layout.sent >= 0) kinds[layout.sent] = K_SENT;
    if (layout.threads >= 0) kinds[layout.threads] = K_THREADS;
    // The last column read, even if only for the URL or response code (read by parse()), ends a step.
    const steps = [...kinds.keys()].filter((c) => kinds[c] !== K_SKIP || c === this.lastNeeded);
    this.stepKinds = Uint8Array.from(steps, (c) => kinds[c] as number);
    this.stepSkips = Int32Array.from(steps, (c, j) => c - (j === 0 ? 0 : (steps[j - 1] as number) + 1));
    this.tailStep = steps.indexOf(7) + 1;
    this.okFast = layout.bytes >= 0 && layout.sent >= 0 && layout.threads >= 0;
    this.prefix =
      layout.ts === 0 &&
      layout.elapsed === 1 &&
      layout.label === 2 &&
      layout.success === 7 &&
      this.tailStep === 4 &&
      this.lastNeeded > 7;
  }

  private skip(reason: string, line: number): void {
    if (this.onSkip) this.onSkip(reason, line);
    else this.rec.skip(reason, `${this.file}:${line}`);
  }

  private text(buf: Buffer, s: number, e: number, escaped: boolean): string {
    const t = buf.toString('utf8', s, e);
    return escaped ? t.replaceAll('""', '"') : t;
  }

  private flowFor(buf: Buffer, s: number, e: number, escaped: boolean, url: string): number {
    if (this.rec.matcher.usesUrls) {
      const label = this.text(buf, s, e, escaped);
      const id = this.rec.matcher.flowOf(label, url);
      if (id === UNMATCHED) this.rec.unmatched(label);
      return id;
    }
    let h = FNV_SEED;
    let h2 = H2_SEED;
    for (let k = s; k < e; k++) {
      h = Math.imul(h ^ (buf[k] as number), FNV_PRIME);
      h2 = Math.imul(h2 ^ (buf[k] as number), H2_PRIME);
    }
    return this.flowOfHashed(buf, s, e, escaped, h, h2);
  }

  /**
   * The flow of the label buf[s, e) whose hashes are h (FNV-1a) and h2; a string is made only for
   * a new label. A label is known by its length and both 32-bit hashes rather than by comparing
   * its bytes: the comparison was 28 ns of the ~200 a row cost. Two different labels are taken for
   * one only if both hashes collide, a chance of about n²/2^65 for n labels (1e-14 for the 500 a
   * run can have); one hash alone (FNV-1a collides for e.g. "liquid" and "costarring") is not enough.
   */
  private flowOfHashed(buf: Buffer, s: number, e: number, escaped: boolean, h: number, h2: number): number {
    const len = e - s;
    let slots = this.slots;
    let entry = slots[h & (slots.length - 1)];
    while (entry) {
      if (entry.hash === h && entry.hash2 === h2 && entry.length === len) break;
      entry = entry.next;
    }
    if (!entry) {
      if (++this.labelCount > 2 * slots.length) {
        const bigger = new Array<LabelEntry | undefined>(slots.length * 4).fill(undefined);
        for (let old of slots)
          while (old) {
            const next = old.next;
            const k = old.hash & (bigger.length - 1);
            old.next = bigger[k];
            bigger[k] = old;
            old = next;
          }
        this.slots = slots = bigger;
      }
      const label = this.text(buf, s, e, escaped);
      const k = h & (slots.length - 1);
      entry = {
        hash: h,
        hash2: h2,
        length: len,
        flow: this.rec.matcher.flowOf(label),
        label,
        next: slots[k],
      };
      slots[k] = entry;
    }
    if (entry.flow === UNMATCHED) this.rec.unmatched(entry.label);
    return entry.flow;
  }

  /**
   * The fast path, for the common row: no quote, a newline in buf, every column read where it should
   * be, plain-digit numbers and a true/false success. It takes such rows one after another from i
   * and returns the start of the first row it does not take (the general loop in parse() takes that
   * one, with the same result the fast path would give for any row it takes), or stops at `limit`.
   * The row end is found with a native indexOf; columns are read straight from the bytes, the label
   * is hashed as it is scanned, and the columns after the last one read are not looked at.
   */
  private fastRows(buf: Buffer, i: number, limit: number): number {
    const skips = this.stepSkips;
    const kinds = this.stepKinds;
    const lastStep = kinds.length - 1;
    // The last column read is the row's last column: it ends at the newline, not at a comma.
    const lastIsEnd = this.lastNeeded === this.fieldCount - 1;
    const rec = this.rec;
    let quoteAt = this.quoteAt;
    let rows = 0;
    while (i < limit) {
      if (quoteAt < i) {
        quoteAt = buf.indexOf(QUOTE, i);
        if (quoteAt < 0) quoteAt = buf.length;
      }
      const nl = buf.indexOf(LF, i);
      if (nl < 0 || nl > quoteAt || nl - i > MAX_RECORD) break;
      let p = i;
      let c = buf[p] as number;
      let tsMs = Number.NaN;
      let elUs = -1;
      let labS = 0;
      let labE = 0;
      let h = FNV_SEED;
      let h2 = H2_SEED;
      let bytes = Number.NaN;
      let sent = Number.NaN;
      let threads = Number.NaN;
      let j = 0;
      for (; j <= lastStep; j++) {
        // Over the columns before the next one read, in one loop.
        let n = skips[j] as number;
        while (n > 0) {
          while (c > COMMA || (c !== COMMA && c !== LF)) c = buf[++p] as number;
          if (c === LF) break;
          c = buf[++p] as number;
          n--;
        }
        if (n > 0) break;
        const kind = kinds[j] as number;
        if (kind === K_TS || kind === K_ELAPSED || kind >= K_BYTES) {
          const s = p;
          let v = 0;
          while (c >= 0x30 && c <= 0x39) {
            v = v * 10 + (c - 0x30);
            c = buf[++p] as number;
          }
          // Out-of-range values are left to parse(), which skips them with their line.
          if (kind === K_TS) {
            if (p - s < 12 || v > MAX_TIMESTAMP_MS) break;
            tsMs = v;
          } else if (kind === K_ELAPSED) {
            if (p === s || v > MAX_LATENCY_MS) break;
            elUs = v * 1000;
          } else {
            if (p === s || p - s > 15) break;
            if (kind === K_BYTES) bytes = v;
            else if (kind === K_SENT) sent = v;
            else threads = v;
          }
        } else if (kind === K_LABEL) {
          labS = p;
          while (c > COMMA || (c !== COMMA && c !== LF)) {
            h = Math.imul(h ^ c, FNV_PRIME);
            h2 = Math.imul(h2 ^ c, H2_PRIME);
            c = buf[++p] as number;
          }
          labE = p;
          if (c === LF && p > labS && buf[p - 1] === CR) {
            // The CR of a CRLF line end is not part of the label.
            labE--;
            h = FNV_SEED;
            h2 = H2_SEED;
            for (let k = labS; k < labE; k++) {
              h = Math.imul(h ^ (buf[k] as number), FNV_PRIME);
              h2 = Math.imul(h2 ^ (buf[k] as number), H2_PRIME);
            }
          }
        } else if (kind === K_SUCCESS) {
          // True by the first byte, as parse() reads it; a failed row (its error type is read
          // there) and anything else go to parse().
          if (c !== 0x74 && c !== 0x54) break;
          while (c > COMMA || (c !== COMMA && c !== LF)) c = buf[++p] as number;
        } else {
          while (c > COMMA || (c !== COMMA && c !== LF)) c = buf[++p] as number;
        }
        if (j === lastStep) {
          if (c === LF ? !lastIsEnd : c !== COMMA || lastIsEnd) break;
        } else {
          if (c !== COMMA) break;
          c = buf[++p] as number;
        }
      }
      if (j <= lastStep) break;
      const flow = this.flowOfHashed(buf, labS, labE, false, h, h2);
      rows++;
      rec.add(flow, tsMs, elUs, true, bytes, sent, threads);
      i = nl + 1;
    }
    this.quoteAt = quoteAt;
    this.rows += rows;
    this.line += rows;
    return i;
  }

  /**
   * fastRows for a file that starts with JMeter's eight fixed columns (nearly every JTL): the same
   * rows taken with the same figures, but those columns are read by straight-line code instead of
   * through the step table (the per-column dispatch was a third of the row's cost), quoted fields
   * are taken (real JTLs quote labels, URLs and failure messages that hold a comma; before, each
   * such row went to the general loop, which made a file with a quarter of them quoted 1.6x
   * slower), and so are failed samples, whose code and messages it reads for the error type.
   * A newline inside quotes, a quote inside an unquoted field, a CR after a closing quote, a
   * Transaction Controller's message or any value parse() would read differently go to parse().
   */
  private prefixRows(buf: Buffer, i: number, limit: number): number {
    const skips = this.stepSkips;
    const kinds = this.stepKinds;
    const lastStep = kinds.length - 1;
    const tail = this.tailStep;
    const lastIsEnd = this.lastNeeded === this.fieldCount - 1;
    const fFail = this.layout.failure;
    const rec = this.rec;
    let quoteAt = this.quoteAt;
    let rows = 0;
    row: while (i < limit) {
      if (quoteAt < i) quoteAt = nextQuote(buf, i);
      const nl = buf.indexOf(LF, i);
      if (nl < 0 || nl - i > MAX_RECORD) break;
      let p = i;
      let c = buf[p] as number;
      let tsMs = 0;
      while (c >= 0x30 && c <= 0x39) {
        tsMs = tsMs * 10 + (c - 0x30);
        c = buf[++p] as number;
      }
      // Out-of-range values are left to parse(), which skips them with their line.
      if (p - i < 12 || tsMs > MAX_TIMESTAMP_MS || c !== COMMA) break;
      c = buf[++p] as number;
      const elS = p;
      let elMs = 0;
      while (c >= 0x30 && c <= 0x39) {
        elMs = elMs * 10 + (c - 0x30);
        c = buf[++p] as number;
      }
      if (p === elS || elMs > MAX_LATENCY_MS || c !== COMMA) break;
      c = buf[++p] as number;
      let labS = p;
      let labE: number;
      let escaped = false;
      let h = FNV_SEED;
      let h2 = H2_SEED;
      if (c === QUOTE) {
        // The bytes between the quotes are hashed as they stand, as parse() hashes them.
        if (p !== quoteAt) break;
        labS = ++p;
        c = buf[p] as number;
        for (;;) {
          if (c === QUOTE) {
            if (buf[p + 1] !== QUOTE) break;
            escaped = true;
            h = Math.imul(Math.imul(h ^ QUOTE, FNV_PRIME) ^ QUOTE, FNV_PRIME);
            h2 = Math.imul(Math.imul(h2 ^ QUOTE, H2_PRIME) ^ QUOTE, H2_PRIME);
            p += 2;
            c = buf[p] as number;
            continue;
          }
          if (p >= nl) break row; // a newline inside the quotes
          h = Math.imul(h ^ c, FNV_PRIME);
          h2 = Math.imul(h2 ^ c, H2_PRIME);
          c = buf[++p] as number;
        }
        labE = p;
        c = buf[++p] as number;
        quoteAt = nextQuote(buf, p);
      } else {
        while (c > COMMA || (c !== COMMA && c !== LF)) {
          h = Math.imul(h ^ c, FNV_PRIME);
          h2 = Math.imul(h2 ^ c, H2_PRIME);
          c = buf[++p] as number;
        }
        labE = p;
      }
      if (c !== COMMA) break;
      // responseCode, responseMessage (kept for a failed row), threadName, dataType.
      const codeS = ++p;
      c = buf[p] as number;
      while (c > COMMA || (c !== COMMA && c !== LF)) c = buf[++p] as number;
      const codeE = p;
      if (c !== COMMA) break;
      c = buf[++p] as number;
      let msgS = p;
      let msgE: number;
      let msgEsc = false;
      if (c === QUOTE) {
        // A Transaction Controller's message is quoted (it holds a comma): parse() marks it.
        if (p !== quoteAt || buf[p + 1] === 0x4e) break;
        const q = this.closingQuote(buf, p, nl);
        if (q < 0) break;
        msgS = p + 1;
        msgE = q;
        msgEsc = this.quoteEscaped;
        p = q + 1;
        c = buf[p] as number;
        quoteAt = nextQuote(buf, p);
      } else {
        while (c > COMMA || (c !== COMMA && c !== LF)) c = buf[++p] as number;
        msgE = p;
      }
      for (let n = 0; n < 2; n++) {
        if (c !== COMMA) break row;
        c = buf[++p] as number;
        if (c === QUOTE) {
          if (p !== quoteAt) break row;
          const q = this.closingQuote(buf, p, nl);
          if (q < 0) break row;
          p = q + 1;
          c = buf[p] as number;
          quoteAt = nextQuote(buf, p);
        } else while (c > COMMA || (c !== COMMA && c !== LF)) c = buf[++p] as number;
      }
      if (c !== COMMA) break;
      c = buf[++p] as number;
      // success: true or false by its first byte, as parse() reads it.
      let ok: boolean;
      if (c === 0x74 || c === 0x54) ok = true;
      else if (c === 0x66 || c === 0x46) ok = false;
      else break;
      while (c > COMMA || (c !== COMMA && c !== LF)) c = buf[++p] as number;
      if (c !== COMMA) break;
      c = buf[++p] as number;
      let bytes = Number.NaN;
      let sent = Number.NaN;
      let threads = Number.NaN;
      let failS = -1;
      let failE = -1;
      let failEsc = false;
      // The columns after success that are read: the step table from `tail` on; each step passes
      // over skips[j] columns, then reads its own. A quoted one (a failure message) is passed over
      // with native searches.
      let col = 8;
      for (let j = tail; j <= lastStep; j++) {
        const n = skips[j] as number;
        const kind = kinds[j] as number;
        for (let k = 0; k <= n; k++) {
          if (k === n && kind >= K_BYTES) {
            const s = p;
            let v = 0;
            while (c >= 0x30 && c <= 0x39) {
              v = v * 10 + (c - 0x30);
              c = buf[++p] as number;
            }
            if (p === s || p - s > 15) break row;
            if (kind === K_BYTES) bytes = v;
            else if (kind === K_SENT) sent = v;
            else threads = v;
          } else if (c === QUOTE) {
            if (p !== quoteAt) break row;
            const q = this.closingQuote(buf, p, nl);
            if (q < 0) break row;
            if (col === fFail) {
              failS = p + 1;
              failE = q;
              failEsc = this.quoteEscaped;
            }
            p = q + 1;
            c = buf[p] as number;
            quoteAt = nextQuote(buf, p);
          } else {
            const s = p;
            while (c > COMMA || (c !== COMMA && c !== LF)) c = buf[++p] as number;
            if (col === fFail) {
              failS = s;
              failE = p;
            }
          }
          if (k === n && j === lastStep) {
            if (c === LF ? !lastIsEnd : c !== COMMA || lastIsEnd) break row;
          } else {
            if (c !== COMMA) break row;
            c = buf[++p] as number;
            col++;
          }
        }
      }
      // A quote passed over inside a field (not at its start): parse() takes the row.
      if (quoteAt < p) break;
      let end = nl;
      if (quoteAt < nl) {
        end = this.tailEnd(buf, p, nl);
        if (end < 0) break;
        quoteAt = -1;
      }
      const flow = this.flowOfHashed(buf, labS, labE, escaped, h, h2);
      rows++;
      if (ok && this.okFast) rec.addOk(flow, tsMs, elMs, bytes, sent, threads);
      else {
        rec.add(flow, tsMs, elMs * 1000, ok, bytes, sent, threads);
        if (!ok && flow !== UNMATCHED) {
          const code = buf.toString('latin1', codeS, codeE);
          const message =
            failE > failS ? this.text(buf, failS, failE, failEsc) : this.text(buf, msgS, msgE, msgEsc);
          rec.addSampleError(flow, code === '' ? null : code, message);
        }
      }
      i = end + 1;
    }
    this.quoteAt = quoteAt;
    this.rows += rows;
    this.line += rows;
    return i;
  }

  /** Calls of the fast path so far (see parse()). */
  private calls = 0;
  /** Set by closingQuote: the field held a doubled quote. */
  private quoteEscaped = false;

  /**
   * The closing quote of the quoted field that opens at `p`, when it is plain CSV up to `nl` (the
   * first newline after the row start): doubled quotes inside, no newline, a comma or the newline
   * right after it. -1 otherwise (parse() takes the row).
   */
  private closingQuote(buf: Buffer, p: number, nl: number): number {
    let escaped = false;
    let q = buf.indexOf(QUOTE, p + 1);
    while (q >= 0 && q < nl && buf[q + 1] === QUOTE) {
      escaped = true;
      q = buf.indexOf(QUOTE, q + 2);
    }
    this.quoteEscaped = escaped;
    if (q < 0 || q > nl) return -1;
    const after = buf[q + 1];
    return after === COMMA || after === LF ? q : -1;
  }

  /**
   * The end of a record whose columns after the last one read hold quotes: from the delimiter at
   * `p`, over those columns to the newline that ends it. -1 (parse() takes the record) unless they
   * number what the file's rows do and are plain CSV: quotes only around a whole field, no newline
   * inside them (`nl`, the first newline, must end the record) and no CR after a closing quote.
   */
  private tailEnd(buf: Buffer, p: number, nl: number): number {
    let field = this.lastNeeded;
    let c = buf[p] as number;
    while (c === COMMA) {
      field++;
      c = buf[++p] as number;
      if (c === QUOTE) {
        let q = buf.indexOf(QUOTE, p + 1);
        while (q >= 0 && buf[q + 1] === QUOTE) q = buf.indexOf(QUOTE, q + 2);
        if (q < 0 || q > nl) return -1;
        p = q + 1;
        c = buf[p] as number;
      } else {
        while (c > COMMA || (c !== COMMA && c !== LF && c !== QUOTE)) c = buf[++p] as number;
        if (c === QUOTE) return -1;
      }
    }
    return c === LF && p === nl && field + 1 === this.fieldCount ? p : -1;
  }

  /**
   * Parses complete records in buf[from, end) and returns where the first incomplete one starts.
   * At end of input (`eof`) a last record without a newline is taken if it is whole.
   */
  parse(buf: Buffer, from: number, eof: boolean, limit = Number.POSITIVE_INFINITY): number {
    const end = buf.length;
    const L = this.layout;
    const rec = this.rec;
    const fElapsed = L.elapsed;
    const fTs = L.ts;
    const fLabel = L.label;
    const fSuccess = L.success;
    const fCode = L.code;
    const fUrl = L.url;
    const fMsg = L.message;
    const fFail = L.failure;
    const fBytes = L.bytes;
    const fSent = L.sent;
    const fThreads = L.threads;
    // Until the first row has fixed the column count (no header), every column is counted.
    let lastNeeded = this.fieldCount < 0 ? Number.POSITIVE_INFINITY : this.lastNeeded;
    // Position of the next quote at or after i; -1 not yet searched, -2 none left in this buffer.
    let nextQuote = -1;
    let i = from;
    const fastOk = jtlFastPath.enabled && !rec.matcher.usesUrls;
    // (Rows of a file with fewer columns than the last one read are all left to the general loop.)
    let fast = fastOk && this.fieldCount > this.lastNeeded;
    this.quoteAt = -1;
    // Without a success column the response code decides, which only the general loop reads.
    const fastLayout = L.success >= 0;
    if (this.discarding) {
      const nl = buf.indexOf(LF, i);
      if (nl < 0) return end;
      this.discarding = false;
      this.line++;
      i = nl + 1;
    }
    while (i < end) {
      if (fast && fastLayout) {
        // The first call takes a few rows only, so that V8 has seen the function return before it
        // compiles the row loop (on stack): compiled first, that code threw itself away at every
        // return and was compiled again, 0.1–0.3 s of CPU in each worker on the 2-core machine.
        const stop = this.calls++ < 2 ? Math.min(limit, i + 4096) : limit;
        i = this.prefix ? this.prefixRows(buf, i, stop) : this.fastRows(buf, i, stop);
        if (i >= stop && stop < limit) continue;
        if (i >= end) break;
      }
      if (i >= limit) {
        this.stopped = true;
        return i;
      }
      const recStart = i;
      const recLine = this.line;
      let newlines = 0;
      let field = 0;
      let tsMs = Number.NaN;
      let tsS = -1;
      let tsE = -1;
      let elUs = -1;
      let elSeen = false;
      let elBad = false;
      let labS = -1;
      let labE = -1;
      let labEsc = false;
      let ok = fSuccess >= 0 ? 1 : -1; // 1 true, 0 false, -1 unknown (decided by the code)
      let codeS = -1;
      let codeE = -1;
      let msgS = -1;
      let msgE = -1;
      let msgEsc = false;
      let failS = -1;
      let failE = -1;
      let failEsc = false;
      let bytes = Number.NaN;
      let sent = Number.NaN;
      let threads = Number.NaN;
      let urlS = -1;
      let urlE = -1;
      let urlEsc = false;
      let transaction = false;
      let complete = false;
      let openQuote = false;
      let badQuote = false;
      let skippedTail = false;
      for (;;) {
        let s = i;
        let e: number;
        let escaped = false;
        if (i < end && buf[i] === QUOTE) {
          i++;
          s = i;
          for (;;) {
            if (i >= end) break;
            const b = buf[i];
            if (b === QUOTE) {
              if (buf[i + 1] === QUOTE) {
                escaped = true;
                i += 2;
                continue;
              }
              break;
            }
            if (b === LF) newlines++;
            i++;
          }
          if (i >= end) {
            e = end;
            openQuote = true;
            if (!eof) break; // incomplete: wait for more bytes
            badQuote = true;
            complete = true;
            break;
          }
          e = i;
          i++; // closing quote
          // Stray bytes between the closing quote and the delimiter: keep going to the delimiter.
          while (i < end && buf[i] !== COMMA && buf[i] !== LF) {
            if (buf[i] !== CR) badQuote = true;
            i++;
          }
        } else {
          while (i < end) {
            const b = buf[i];
            if (b === COMMA || b === LF) break;
            i++;
          }
          e = i;
          if (e > s && buf[e - 1] === CR && (e === end || buf[e] === LF)) e--;
        }
        if (i >= end && !eof) break;
        if (field === fElapsed) {
          elSeen = true;
          // Whole milliseconds, read from the bytes; anything else takes the slow path.
          let v = 0;
          let k = s;
          for (; k < e; k++) {
            const d = (buf[k] as number) - 48;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
          }
          if (k === e && e > s) elUs = v * 1000;
          else {
            const f = decimalNumber(buf.toString('latin1', s, e));
            // A number out of range (negative, huge) is skipped below with its own reason.
            if (Number.isNaN(f)) elBad = true;
            else elUs = f * 1000;
          }
        } else if (field === fTs) {
          let v = 0;
          let k = s;
          for (; k < e; k++) {
            const d = (buf[k] as number) - 48;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
          }
          if (k === e && e - s >= 12) tsMs = v;
          else {
            tsS = s;
            tsE = e;
          }
        } else if (field === fLabel) {
          labS = s;
          labE = e;
          labEsc = escaped;
        } else if (field === fSuccess) {
          const b = buf[s];
          ok = e > s && (b === 0x74 || b === 0x54) ? 1 : e > s && (b === 0x66 || b === 0x46) ? 0 : -1;
        } else if (field === fCode) {
          codeS = s;
          codeE = e;
        } else if (field === fUrl) {
          urlS = s;
          urlE = e;
          urlEsc = escaped;
        } else if (field === fFail) {
          failS = s;
          failE = e;
          failEsc = escaped;
        } else if (field === fBytes || field === fSent || field === fThreads) {
          let v = e > s && e - s <= 15 ? 0 : Number.NaN;
          for (let k = s; k < e; k++) {
            const d = (buf[k] as number) - 48;
            if (d < 0 || d > 9) {
              v = Number.NaN;
              break;
            }
            v = v * 10 + d;
          }
          if (field === fBytes) bytes = v;
          else if (field === fSent) sent = v;
          else threads = v;
        }
        if (field === fMsg) {
          msgS = s;
          msgE = e;
          msgEsc = escaped;
          if (e - s > TRANSACTION_MESSAGE.length)
            transaction = buf.toString('latin1', s, s + TRANSACTION_MESSAGE.length) === TRANSACTION_MESSAGE;
        }
        if (i >= end) {
          complete = true;
          break;
        }
        if (buf[i] === COMMA) {
          field++;
          i++;
          if (field > lastNeeded) {
            // Nothing after this is read: jump to the end of the line natively, unless a quote
            // (which could hide a newline) comes first. Rows are thus checked to have every column
            // we read, but columns after those are not counted: counting them doubled the cost.
            const nl = buf.indexOf(LF, i);
            if (nl >= 0) {
              if (nextQuote < i && nextQuote !== -2) {
                nextQuote = buf.indexOf(QUOTE, i);
                if (nextQuote < 0) nextQuote = -2;
              }
              if (nextQuote === -2 || nextQuote > nl) {
                i = nl + 1;
                newlines++;
                complete = true;
                skippedTail = true;
                break;
              }
            }
          }
          continue;
        }
        i++; // LF
        newlines++;
        complete = true;
        break;
      }
      if (!complete) {
        if (i - recStart <= MAX_RECORD) return recStart;
        this.skip(openQuote ? UNTERMINATED_QUOTE : LONG_ROW, recLine);
        const nl = buf.indexOf(LF, recStart);
        if (nl < 0) {
          this.discarding = true;
          return end;
        }
        this.line++;
        i = nl + 1;
        continue;
      }
      if (i - recStart > MAX_RECORD) {
        // The same rule for a long record that happens to be whole in this buffer.
        this.skip(LONG_ROW, recLine);
        this.line += newlines;
        continue;
      }
      this.line += newlines;
      const lastInInput = i >= end && eof && buf[end - 1] !== LF;
      const len = i - recStart;
      if (field === 0 && (len === 1 || (len === 2 && buf[recStart] === CR))) continue; // blank line
      if (this.fieldCount < 0) {
        // The first row of a headerless file fixes the column count; from the next row on, the
        // columns after the last one read are not counted, whatever the chunk boundaries.
        this.fieldCount = field + 1;
        lastNeeded = this.lastNeeded;
        fast = fastOk && this.fieldCount > this.lastNeeded;
      }
      if (badQuote && lastInInput) {
        this.skip('truncated last line', recLine);
        continue;
      }
      if (skippedTail ? field >= this.fieldCount : field + 1 !== this.fieldCount) {
        this.skip(
          lastInInput && field + 1 < this.fieldCount
            ? 'truncated last line'
            : `wrong number of fields (expected ${this.fieldCount})`,
          recLine,
        );
        continue;
      }
      if (badQuote) {
        this.skip('malformed quoted field', recLine);
        continue;
      }
      if (elBad || !elSeen) {
        this.skip('non-numeric elapsed (latency)', recLine);
        continue;
      }
      if (tsS >= 0) {
        tsMs = this.times.parse(buf.toString('latin1', tsS, tsE));
        if (Number.isNaN(tsMs)) {
          this.skip('unreadable timeStamp', recLine);
          continue;
        }
      }
      const problem = sampleProblem(tsMs, elUs);
      if (problem) {
        this.skip(problem, recLine);
        continue;
      }
      if (ok < 0) {
        if (codeS >= 0) {
          const c = buf[codeS];
          ok = codeE > codeS && (c === 0x32 || c === 0x33) ? 1 : 0;
        } else ok = 1;
      }
      const url = urlS >= 0 && rec.matcher.usesUrls ? this.text(buf, urlS, urlE, urlEsc) : '';
      const flow = this.flowFor(buf, labS, labE, labEsc, url);
      this.rows++;
      if (transaction) rec.markTransaction(flow);
      rec.add(flow, tsMs, elUs, ok === 1, bytes, sent, threads);
      if (ok !== 1 && flow !== UNMATCHED) {
        // JMeter's dashboard names an error by its code and message; an assertion's failure
        // message, when there is one, says more than the response's.
        const code = codeS >= 0 ? buf.toString('latin1', codeS, codeE) : null;
        const message =
          failE > failS
            ? this.text(buf, failS, failE, failEsc)
            : msgE > msgS
              ? this.text(buf, msgS, msgE, msgEsc)
              : '';
        rec.addSampleError(flow, code === '' ? null : code, message);
      }
    }
    return end;
  }

  finish(): void {
    for (const n of this.times.notes()) this.rec.note(`${this.file}: ${n}`);
    if (this.layout.success < 0 && this.layout.code < 0)
      this.rec.note(`${this.file}: no success or responseCode column; every sample was counted as a success`);
  }
}

/** Reads a JTL CSV file into the recorder, streaming; memory stays flat whatever the file size. */
export async function readJtlCsv(
  source: ByteSource,
  rec: RunRecorder,
  opts: JtlOptions = {},
  meta: { gzip?: boolean } = {},
): Promise<SourceInfo> {
  const stream = await openWithoutBom(source);
  let carry: Buffer | undefined;
  let parser: JtlCsvParser | undefined;
  let sawBytes = false;
  try {
    for await (const chunk of stream) {
      if (chunk.length === 0) continue;
      sawBytes = true;
      let buf = chunk;
      let from = 0;
      if (carry && carry.length > 0) {
        const nl = parser ? chunk.indexOf(LF) : -1;
        if (parser && nl >= 0 && carry.length + nl < MAX_RECORD / 2) {
          // The record cut by the chunk boundary, in a small buffer of its own, instead of copying
          // the whole chunk behind the carry; only when it goes on past that line is it copied.
          const joint = Buffer.concat([carry, chunk.subarray(0, nl + 1)]);
          const stop = parser.parse(joint, 0, false);
          if (stop === joint.length) from = nl + 1;
          else {
            buf = Buffer.concat([carry, chunk]);
            from = stop;
          }
        } else buf = Buffer.concat([carry, chunk]);
      }
      if (!parser) {
        const nl = buf.indexOf(LF);
        if (nl < 0 && buf.length < MAX_RECORD) {
          carry = buf;
          continue;
        }
        const first = buf.toString('utf8', 0, nl < 0 ? buf.length : nl);
        const layout = detectLayout(first, source.name, opts);
        parser = new JtlCsvParser(rec, layout, source.name);
        if (layout.header) {
          from = nl + 1;
          parser.line = 2;
        }
      }
      const stop = parser.parse(buf, from, false);
      carry = stop < buf.length ? buf.subarray(stop) : undefined;
      // Keep the carry from pinning a whole 1 MiB chunk in memory.
      if (carry && carry.length < 4096) carry = Buffer.from(carry);
      buf = Buffer.alloc(0);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read results: ${(err as Error).message}`, { file: source.name });
  }
  if (!sawBytes) throw new InputError('the results file is empty', { file: source.name, line: 1 });
  if (!parser && carry) {
    const layout = detectLayout(carry.toString('utf8'), source.name, opts);
    parser = new JtlCsvParser(rec, layout, source.name);
    if (layout.header) {
      parser.line = 2;
      carry = undefined;
    }
  }
  if (!parser) throw new InputError('the results file is empty', { file: source.name, line: 1 });
  if (carry && carry.length > 0) parser.parse(carry, 0, true);
  parser.finish();
  return { name: source.name, format: 'jmeter-csv', rows: parser.rows, ...(meta.gzip ? { gzip: true } : {}) };
}
