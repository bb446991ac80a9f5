/**
 * What the charts read. Each is a structural part of what the perf core already produces
 * (RunSummary, Baseline, Targets), so a run stored on a server as JSON fits as well as a run read
 * from files, and a field the summary gains later (per-window p50 and p99, response codes) is drawn
 * as soon as it is there.
 */

export const CHART_PERCENTILES = ['p50', 'p90', 'p95', 'p99'] as const;
export type ChartPercentile = (typeof CHART_PERCENTILES)[number];
export type ChartMetric = ChartPercentile | 'throughput' | 'errorRate';

export interface ChartWindow {
  startMs: number;
  count?: number;
  errors?: number;
  /** Requests per second in the window. */
  throughput: number;
  /** Percent. */
  errorRate?: number;
  p50Ms?: number | null;
  p95Ms?: number | null;
  p99Ms?: number | null;
  /** Responses per response code in the window, when the reader keeps them. */
  responseCodes?: Record<string, number>;
  /** Failed samples per response code (`''`: none given), when the reader keeps only those. */
  errorCodes?: Record<string, number>;
  /** The window's percentiles as the summary gives them; `enough: false` is below its sample floor. */
  percentiles?: Partial<Record<ChartPercentile, { ms: number | null; enough?: boolean }>>;
}

export interface ChartFlow {
  flow: string;
  count: number;
  errors: number;
  errorRate: number;
  throughput: number | null;
  minMs: number | null;
  maxMs: number | null;
  percentiles: Record<ChartPercentile, { ms: number | null }>;
  windows: readonly ChartWindow[];
  transaction?: boolean;
}

export interface ChartRun {
  startMs: number | null;
  endMs: number | null;
  windowSec: number;
  flows: readonly ChartFlow[];
  overall: ChartFlow;
}

/** A baseline flow: the percentiles of the reference run, flat (as the baseline file keeps them). */
export type ChartBaselineFlow = {
  flow: string;
  count: number;
  minMs: number | null;
  maxMs: number | null;
} & Record<ChartPercentile, { ms: number | null }>;

export interface ChartBaseline {
  created: string;
  flows: readonly ChartBaselineFlow[];
}

export interface ChartTargets {
  flows: readonly { name: string; targets: Partial<Record<ChartMetric, number>> }[];
}

/** How a legend entry is drawn: the mark beside its label. */
export type LegendMark = 'line' | 'dashed' | 'dotted' | 'band' | 'bar' | 'marker';

export interface LegendEntry {
  label: string;
  /** `#rrggbb`: the colour its data is drawn in, so a test can find that the data is drawn. */
  color: string;
  mark: LegendMark;
}

export interface Panel {
  /** A small multiple's own title (its flow); none for a figure of one panel. */
  title?: string;
  svg: string;
  width: number;
  height: number;
}

/** A chart as a page shows it: title and legend as text beside the SVG panels, never inside them. */
export interface Figure {
  id: string;
  title: string;
  /** How to read it: the rule behind a band or a marker. */
  note?: string;
  /** Only what is drawn in at least one panel. */
  legend: LegendEntry[];
  panels: Panel[];
}
