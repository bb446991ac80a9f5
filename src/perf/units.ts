import { z } from 'zod';
import { escapedExcerpt } from './excerpt.js';
import { MAX_LATENCY_MS, MAX_WINDOW_MS, MIN_WINDOW_MS } from './limits.js';

// Each pattern is matched on trimmed text and has one quantifier per stretch, so it runs in linear time.
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/;
const RATE = /^(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|min|m|h))?$/;
const PERCENT = /^(\d+(?:\.\d+)?)\s*(%|pp)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `250`, `250ms`, `1.5s`, `2m`, `1h` in milliseconds (a bare number is in `bareUnit`); undefined if not a duration. */
export function parseDuration(text: string, bareUnit: 'ms' | 's' = 'ms'): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m?.[1]) return undefined;
  return Number(m[1]) * (UNIT_MS[m[2] ?? bareUnit] ?? 1);
}

/** How a duration in milliseconds is shown in a message about its bounds. */
export function showMs(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/** Why `ms` is not a duration in [min, max] (min exclusive when 0), or undefined when it is. */
export function durationProblem(ms: number, minMs: number, maxMs: number): string | undefined {
  const ok = (minMs === 0 ? ms > 0 : ms >= minMs) && ms <= maxMs;
  if (ok) return undefined;
  return minMs === 0
    ? `must be above 0 and at most ${showMs(maxMs)}`
    : `must be between ${showMs(minMs)} and ${showMs(maxMs)}`;
}

/** A duration in a YAML file: a bare number is milliseconds, the unit JMeter and Locust report in. */
function duration(minMs: number, maxMs: number) {
  // Unknown, not number | string: YAML's 1e400 is Infinity, which deserves this message, not zod's.
  return z.unknown().transform((v, ctx) => {
    const ms = typeof v === 'number' ? v : typeof v === 'string' ? parseDuration(v) : undefined;
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${escapedExcerpt(String(v))} is not a duration; write e.g. 250ms or 1.5s`,
      });
      return z.NEVER;
    }
    const problem = durationProblem(ms, minMs, maxMs);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `a duration ${problem}, not ${escapedExcerpt(String(v))}` });
      return z.NEVER;
    }
    return ms;
  });
}

/** A latency target: above 0 and at most the longest latency recorded (24 h). */
export const durationMs = duration(0, MAX_LATENCY_MS);
/** The width of the over-time windows: 1 s to 24 h. */
export const windowMs = duration(MIN_WINDOW_MS, MAX_WINDOW_MS);

/** A non-negative finite number written bare or as `text` matching `re` (group 1 the number). */
function scaled(
  kind: string,
  example: string,
  re: RegExp,
  scale: (n: number, unit: string | undefined) => number,
) {
  return z.unknown().transform((v, ctx) => {
    const m = typeof v === 'string' ? re.exec(v.trim()) : null;
    const n = typeof v === 'number' ? v : m?.[1] ? scale(Number(m[1]), m[2]) : Number.NaN;
    if (!(Number.isFinite(n) && n >= 0)) {
      ctx.addIssue({
        code: 'custom',
        message: `${escapedExcerpt(String(v))} is not a ${kind}; write e.g. ${example}`,
      });
      return z.NEVER;
    }
    return n;
  });
}

/** `50`, `50/s`, `3000/min`: requests per second. */
export const ratePerSec = scaled('rate', '50/s or 3000/min', RATE, (n, per) =>
  per === 'min' || per === 'm' ? n / 60 : per === 'h' ? n / 3600 : n,
);

/** `1%`, `1` (percent) or `0.5pp`: a percentage, stored as a number of percent. */
export const percent = scaled('percentage', '1% or 0.5pp', PERCENT, (n) => n);
