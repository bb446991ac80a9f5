/** Figures week by week, for the trend charts: the same rules over consecutive windows. */
import type { CommitSource } from './commits.js';
import type { Deployment, Incident } from './history.js';
import { workloadMetrics } from './metrics.js';
import { type DeliveryFigures, figuresOf } from './report.js';

export interface TrendPoint extends DeliveryFigures {
  /** The start of the week (UTC). */
  from: string;
  to: string;
}

const DAY = 86_400_000;

/** A window of `days` ending at `to` (now by default), as ISO text. */
export function windowEnding(days: number, to: Date = new Date()): { from: string; to: string } {
  return { from: new Date(to.getTime() - days * DAY).toISOString(), to: to.toISOString() };
}

/**
 * One point per `bucketDays` (a week by default) for one workload's environment, the newest
 * ending at `to`. Weeks with no deployment have null figures and 0 deployments.
 */
export function deliveryTrend(
  deployments: readonly Deployment[],
  incidents: readonly Incident[],
  environment: string,
  opts: {
    to: string;
    buckets: number;
    bucketDays?: number;
    commits?: CommitSource;
    linkHorizonHours?: number;
  },
): TrendPoint[] {
  const size = (opts.bucketDays ?? 7) * DAY;
  const end = Date.parse(opts.to);
  const own = deployments.filter((d) => d.environment === environment);
  const workload = own[0]?.workload ?? '';
  const points: TrendPoint[] = [];
  for (let b = opts.buckets - 1; b >= 0; b--) {
    const window = {
      from: new Date(end - (b + 1) * size).toISOString(),
      to: new Date(end - b * size).toISOString(),
    };
    const m = workloadMetrics(workload, own, incidents, {
      window,
      commits: opts.commits,
      linkHorizonHours: opts.linkHorizonHours,
      // A point needs the figures, not the lists behind them.
      explain: false,
    }).find((x) => x.environment === environment);
    points.push(
      m
        ? { ...window, ...figuresOf(m) }
        : {
            ...window,
            deploymentsPerWeek: null,
            leadTimeHours: null,
            changeFailureRate: null,
            recoveryHours: null,
            reworkRate: null,
            deployments: 0,
          },
    );
  }
  return points;
}
