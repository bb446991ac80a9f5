/**
 * The ranges of values `waymark perf` can hold, in one place so every reader and file format
 * applies the same rule. A sample outside them is never recorded: readers skip it, count it and
 * name its line in the output's "Skipped" list (the reason text states the bound). A duration in a
 * file or flag outside them is an input error at its line.
 */

/**
 * The longest latency recorded: 24 hours. No request takes longer; a bigger figure is a broken
 * value (JTL `elapsed` of 1e13 ms once crashed the HDR histogram, which cannot count past 2^53 µs).
 */
export const MAX_LATENCY_MS = 24 * 3_600_000;
export const MAX_LATENCY_US = MAX_LATENCY_MS * 1000;

/** Sample start times: 1970-01-01 to 9999-12-31, so every window start is a printable date. */
export const MIN_TIMESTAMP_MS = 0;
export const MAX_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The longest run any input can describe (the whole timestamp range), for baseline files. */
export const MAX_RUN_SEC = (MAX_TIMESTAMP_MS + MAX_LATENCY_MS) / 1000;

/**
 * Over-time windows: at least 1 s (each window holds a histogram per flow, so a 1 ms window over
 * an hour-long run would need millions) and at most 24 h.
 */
export const MIN_WINDOW_MS = 1000;
export const MAX_WINDOW_MS = 24 * 3_600_000;

export const LATENCY_OUT_OF_RANGE = 'latency out of range (negative, not finite, or above 24 h)';
export const TIMESTAMP_OUT_OF_RANGE = 'timestamp out of range (before 1970 or after 9999)';

export const latencyMsInRange = (ms: number): boolean => ms >= 0 && ms <= MAX_LATENCY_MS;

/**
 * Why a sample cannot be recorded (a skip reason), or undefined when it can. `startMs` NaN means
 * "no timestamp", which is allowed; NaN or infinite latencies are not.
 */
export function sampleProblem(startMs: number, latencyUs: number): string | undefined {
  if (!(latencyUs >= 0 && latencyUs <= MAX_LATENCY_US)) return LATENCY_OUT_OF_RANGE;
  if (!Number.isNaN(startMs) && !(startMs >= MIN_TIMESTAMP_MS && startMs <= MAX_TIMESTAMP_MS))
    return TIMESTAMP_OUT_OF_RANGE;
  return undefined;
}

// Decimal notation only: Number() would also read "0x10", "0b1", "Infinity" and "" (as 0). No two
// quantifiers can take the same digits, so a long field of digits costs linear time.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number written in decimal (surrounding spaces allowed), or NaN. */
export function decimalNumber(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : Number.NaN;
}
