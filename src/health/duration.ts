/**
 * Durations as people write them in the model file and on the command line: `30s`, `5m`,
 * `1m30s`, `250ms`. A bare number is seconds, the unit Prometheus uses for its own durations.
 * Every duration Waymark acts on is checked against a stated range and counted in whole
 * milliseconds, so a timer or a query can never be handed zero, a negative or an overflow.
 */
import { quote } from './messages.js';

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DAY = 86_400_000;

/** Milliseconds, or undefined when the text is not a duration. May be fractional or infinite. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text * 1000 : undefined;
  const t = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t) * 1000;
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(t)) return undefined;
  let ms = 0;
  for (const m of t.matchAll(PART)) ms += Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 1000);
  return ms;
}

export interface DurationRange {
  /** What the duration is, for messages: `a timeout`. */
  readonly what: string;
  readonly minMs: number;
  readonly maxMs: number;
}

/** Per query. Ten minutes is beyond any sane query and well inside what a timer can hold. */
export const TIMEOUT_RANGE: DurationRange = { what: 'a timeout', minMs: 1, maxMs: 10 * 60_000 };
/** Prometheus keeps 15 days by default; a month covers longer retention. */
export const WINDOW_RANGE: DurationRange = { what: 'a window', minMs: 1000, maxMs: 31 * DAY };
export const STEP_RANGE: DurationRange = { what: 'a step', minMs: 1, maxMs: 31 * DAY };
/** How long a signal's new state must hold (`for:`) before `watch` reports it. */
export const HOLD_RANGE: DurationRange = { what: 'a hold', minMs: 1, maxMs: DAY };
/** Between evaluations in `health watch`. */
export const INTERVAL_RANGE: DurationRange = { what: 'an interval', minMs: 100, maxMs: DAY };
/** Prometheus refuses range queries with more points per series than this. */
export const MAX_RANGE_POINTS = 11_000;

/** Whole milliseconds within the range, or the message that says why not. */
export function checkDuration(
  value: string | number,
  range: DurationRange,
): { ms: number } | { problem: string } {
  const shown = typeof value === 'number' ? String(value) : quote(value);
  const parsed = parseDuration(value);
  if (parsed === undefined)
    return { problem: `${shown} is not a duration; write e.g. 500ms, 30s, 5m or 1m30s` };
  const ms = Math.round(parsed);
  if (!(ms >= range.minMs && ms <= range.maxMs))
    return {
      problem: `${shown} is out of range: ${range.what} is from ${formatDuration(range.minMs)} to ${formatDuration(range.maxMs)}`,
    };
  return { ms };
}

/** The shortest readable form, used in messages and in Prometheus parameters (whole ms only). */
export function formatDuration(ms: number): string {
  if (ms < 1000 || ms % 1000 !== 0) return `${ms}ms`;
  const s = ms / 1000;
  if (s % 86_400 === 0) return `${s / 86_400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}
