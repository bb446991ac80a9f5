import type { BaselineFlow } from './baseline.js';
import type { FlowFigures } from './summary.js';

/**
 * Closed-loop coupling. In a closed-loop test (JMeter threads, Locust users, k6 VUs: each sends its
 * next request only when the last has answered) throughput is users ÷ time per request, so one
 * endpoint slowing down lowers the throughput of every flow by about the same share. Judged flow by
 * flow, that reads as every flow regressing. This finds the pattern and the flow that explains it:
 * a flow's part of the time added per request is its share of the requests times the rise of its
 * mean latency (the time users spent in it, per request).
 */

export interface FlowContribution {
  flow: string;
  /** This run's share of the requests, 0..1. */
  requestShare: number;
  baselineMeanMs: number;
  meanMs: number;
  /** requestShare × (meanMs − baselineMeanMs): ms added to the mean time per request. */
  addedMs: number;
  /** Part of the whole added time, 0..1 (of the positive contributions). */
  share: number;
}

export interface Coupling {
  /** Throughput change of the whole run, %. */
  throughputChange: number;
  /** Lowest and highest change among the flows, %: all fell, by similar amounts. */
  flowChanges: [number, number];
  /** The flow whose latency rise adds the most time per request. */
  cause: string;
  contributions: FlowContribution[];
  /** Mean time per request, ms: the baseline's latencies and this run's, weighted by this run's mix. */
  baselineTimePerRequestMs: number;
  timePerRequestMs: number;
  /**
   * The throughput change the added time alone gives if users never pause between requests
   * (X = users ÷ time per request), %. Think time makes the real change smaller.
   */
  explainedChange: number;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * The coupling of a run against its baseline, or undefined when the pattern is not there: fewer than
 * two flows with figures on both sides, the run's throughput not down by more than `tolerance`
 * percent, a flow whose throughput did not fall, drops too unequal to be one loop (the spread more
 * than 5 points and more than half the run's drop), or no latency rise.
 */
export function closedLoopCoupling(
  overall: FlowFigures,
  baseOverall: BaselineFlow | undefined,
  flows: readonly FlowFigures[],
  base: ReadonlyMap<string, BaselineFlow>,
  tolerance: number,
): Coupling | undefined {
  if (!baseOverall?.throughput || overall.throughput === null) return undefined;
  const throughputChange = ((overall.throughput - baseOverall.throughput) / baseOverall.throughput) * 100;
  if (-throughputChange <= tolerance) return undefined;
  const pairs = flows
    .filter((f) => !f.transaction && f.count > 0)
    .map((f) => ({ f, b: base.get(f.flow) }))
    .filter(
      (x): x is { f: FlowFigures; b: BaselineFlow } =>
        x.b !== undefined &&
        x.b.count > 0 &&
        !!x.b.throughput &&
        x.f.throughput !== null &&
        x.b.meanMs !== null &&
        x.f.meanMs !== null,
    );
  if (pairs.length < 2) return undefined;
  const changes = pairs.map(
    ({ f, b }) => (((f.throughput ?? 0) - (b.throughput ?? 0)) / (b.throughput ?? 1)) * 100,
  );
  const lo = Math.min(...changes);
  const hi = Math.max(...changes);
  if (hi >= 0) return undefined;
  if (hi - lo > Math.max(5, -throughputChange / 2)) return undefined;
  const total = pairs.reduce((n, { f }) => n + f.count, 0);
  let before = 0;
  let after = 0;
  const contributions = pairs.map(({ f, b }) => {
    const requestShare = f.count / total;
    const baselineMeanMs = b.meanMs ?? 0;
    const meanMs = f.meanMs ?? 0;
    before += requestShare * baselineMeanMs;
    after += requestShare * meanMs;
    return {
      flow: f.flow,
      requestShare,
      baselineMeanMs,
      meanMs,
      addedMs: requestShare * (meanMs - baselineMeanMs),
      share: 0,
    };
  });
  const added = contributions.reduce((n, c) => n + Math.max(c.addedMs, 0), 0);
  if (!(added > 0) || !(after > before)) return undefined;
  for (const c of contributions) c.share = Math.max(c.addedMs, 0) / added;
  contributions.sort((a, b) => b.addedMs - a.addedMs);
  return {
    throughputChange: round(throughputChange),
    flowChanges: [round(lo), round(hi)],
    cause: contributions[0]?.flow ?? '',
    contributions: contributions.map((c) => ({
      ...c,
      requestShare: round(c.requestShare, 4),
      addedMs: round(c.addedMs, 3),
      share: round(c.share, 4),
    })),
    baselineTimePerRequestMs: round(before, 3),
    timePerRequestMs: round(after, 3),
    explainedChange: round((before / after - 1) * 100),
  };
}

/** One sentence for the report and the throughput rows. */
export function couplingSentence(c: Coupling): string {
  const top = c.contributions[0];
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const rise = top ? round(((top.meanMs - top.baselineMeanMs) / top.baselineMeanMs) * 100, 1) : 0;
  return `closed loop: throughput fell for every flow (${c.flowChanges[0]}% to ${c.flowChanges[1]}%, the run ${c.throughputChange}%) because users wait for each response; ${c.cause}'s latency explains it (mean ${top?.baselineMeanMs} → ${top?.meanMs} ms, +${rise}%: ${pct(top?.share ?? 0)} of the ${round(c.timePerRequestMs - c.baselineTimePerRequestMs, 1)} ms added per request, which alone gives ${c.explainedChange}% with no pause between requests)`;
}
