import type { ChartFlow, ChartRun, ChartWindow } from './types.js';

/**
 * A window's latency percentile: from its percentiles when they are there and have their sample
 * floor, else the flat figure a stored run or a tool's history may carry.
 */
export function windowLatency(w: ChartWindow | undefined, key: 'p50' | 'p95' | 'p99'): number | null {
  if (!w) return null;
  const p = w.percentiles?.[key];
  if (p) return p.enough === false ? null : p.ms;
  return (key === 'p50' ? w.p50Ms : key === 'p95' ? w.p95Ms : w.p99Ms) ?? null;
}

/** A window as a chart point: its middle over the part of it the run covers, and its figures. */
export interface WindowPoint {
  x: number;
  /** Start and end of the covered part. */
  from: number;
  to: number;
  window: ChartWindow | undefined;
  /** Requests per second over the covered part (an edge window covers part of its width). */
  rate: number;
}

// Beyond this many steps a sparse series is drawn as it is, without its empty windows.
const MAX_STEPS = 20_000;

/** The run's span, from its first sample to its last, else from its windows. */
export function runSpan(run: ChartRun): { start: number; end: number } | undefined {
  const all = run.overall.windows;
  const first = all[0];
  const last = all.at(-1);
  const widthMs = run.windowSec * 1000;
  const start = run.startMs ?? first?.startMs;
  const end = run.endMs ?? (last ? last.startMs + widthMs : undefined);
  if (start === undefined || end === undefined || !(end >= start)) return undefined;
  return { start, end: Math.max(end, start + 1) };
}

/**
 * The flow's windows in time order with the empty ones between them filled in (no samples: no
 * latency, and a throughput of 0), each placed at the middle of the part the run covers.
 */
export function windowPoints(flow: ChartFlow, run: ChartRun): WindowPoint[] {
  const span = runSpan(run);
  const widthMs = run.windowSec * 1000;
  const sorted = [...flow.windows].sort((a, b) => a.startMs - b.startMs);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!span || !first || !last || !(widthMs > 0)) return [];
  const byStart = new Map(sorted.map((w) => [w.startMs, w]));
  const steps = (last.startMs - first.startMs) / widthMs;
  const starts =
    steps <= MAX_STEPS && Number.isInteger(Math.round(steps * 1e6) / 1e6)
      ? Array.from({ length: Math.round(steps) + 1 }, (_, i) => first.startMs + i * widthMs)
      : sorted.map((w) => w.startMs);
  return starts.map((startMs) => {
    const w = byStart.get(startMs);
    const from = Math.max(startMs, span.start);
    const to = Math.max(Math.min(startMs + widthMs, span.end), from + 1);
    const rate = w ? (w.count !== undefined ? w.count / ((to - from) / 1000) : w.throughput) : 0;
    return { x: (from + to) / 2, from, to, window: w, rate };
  });
}

/**
 * The warm-up: from the start of the run until throughput first reaches 90% of the run's median
 * (over the windows between the first and the last, which may cover part of their width). Undefined
 * when the run is at speed from its first window, or too short to say.
 */
export function warmUpEnd(points: readonly WindowPoint[]): number | undefined {
  if (points.length < 4) return undefined;
  const inner = points
    .slice(1, -1)
    .map((p) => p.rate)
    .sort((a, b) => a - b);
  const median = inner[Math.floor(inner.length / 2)] ?? 0;
  if (!(median > 0)) return undefined;
  const i = points.findIndex((p) => p.rate >= 0.9 * median);
  return i > 0 ? points[i]?.from : undefined;
}
