import {
  COLOUR,
  type FigureSpec,
  finite,
  LegendBook,
  line,
  MUTED,
  msLabel,
  type Option,
  valueAxis,
} from './spec.js';
import {
  CHART_PERCENTILES,
  type ChartBaseline,
  type ChartBaselineFlow,
  type ChartFlow,
  type ChartPercentile,
  type ChartTargets,
} from './types.js';

/**
 * The latency distribution as HDR Histogram plots it: latency against percentile, the percentile
 * axis logarithmic in 1/(1 − p) so that 90%, 99% and 99.9% are equally far apart and the tail is
 * as wide as the body. A point per percentile the figures hold, from the fastest sample (0%) to
 * the slowest (at 1 − 1/n, the last rank a run of n samples has).
 */

const P: Record<ChartPercentile, number> = { p50: 50, p90: 90, p95: 95, p99: 99 };
const xOf = (p: number) => 100 / (100 - p);

interface Figures {
  count: number;
  minMs: number | null;
  maxMs: number | null;
  ms: (p: ChartPercentile) => number | null;
}

const ofFlow = (f: ChartFlow): Figures => ({ ...f, ms: (p) => f.percentiles[p].ms });
const ofBaseline = (f: ChartBaselineFlow): Figures => ({ ...f, ms: (p) => f[p].ms });

function curve(f: Figures): [number, number][] {
  const out: [number, number][] = [];
  if (finite(f.minMs)) out.push([1, f.minMs]);
  for (const p of CHART_PERCENTILES) {
    const ms = f.ms(p);
    if (finite(ms)) out.push([xOf(P[p]), ms]);
  }
  // With fewer than 100 samples p99 is the slowest sample already: the max sits on it.
  if (finite(f.maxMs) && f.count > 0) out.push([Math.max(f.count, 100), f.maxMs]);
  return out;
}

function percentText(x: number): string {
  const p = 100 * (1 - 1 / x);
  return `${Number(p.toFixed(4))}%`;
}

export interface DistributionInput {
  flow: ChartFlow;
  baseline?: ChartBaselineFlow | undefined;
  targets?: Partial<Record<string, number>> | undefined;
  /** What the two curves are called: "this run" and "baseline" unless comparing two stored runs. */
  names?: { current: string; reference: string };
}

/** One panel's option and the legend entries it draws. */
export function distributionPanel(input: DistributionInput, legend: LegendBook, compact: boolean): Option {
  const names = input.names ?? { current: 'this run', reference: 'baseline' };
  const series: Option[] = [];
  const current = curve(ofFlow(input.flow));
  const reference = input.baseline ? curve(ofBaseline(input.baseline)) : [];
  let maxX = 100;
  if (current.length > 0) {
    legend.add(names.current, COLOUR.thisRun, 'line');
    series.push(line(names.current, COLOUR.thisRun, current, {}, { showSymbol: true }));
  }
  // Dashed, and over the current curve: where the two agree, both stay visible.
  if (reference.length > 0) {
    legend.add(names.reference, COLOUR.baseline, 'dashed');
    series.push(
      line(
        names.reference,
        COLOUR.baseline,
        reference,
        {},
        {
          showSymbol: true,
          symbol: 'rect',
          lineStyle: { color: COLOUR.baseline, width: 2, type: 'dashed' },
        },
      ),
    );
  }
  const targets: [number, number][] = [];
  for (const p of CHART_PERCENTILES) {
    const t = input.targets?.[p];
    if (finite(t)) targets.push([xOf(P[p]), t]);
  }
  if (targets.length > 0) {
    legend.add('target', COLOUR.target, 'marker');
    series.push({
      type: 'scatter',
      name: 'target',
      data: targets,
      symbol: 'triangle',
      symbolRotate: 180,
      symbolSize: compact ? 9 : 11,
      itemStyle: { color: COLOUR.target },
      emphasis: { disabled: true },
    });
  }
  for (const [x] of [...current, ...reference]) maxX = Math.max(maxX, x);
  return {
    grid: compact
      ? { left: 54, right: 14, top: 10, bottom: 26 }
      : { left: 66, right: 24, top: 14, bottom: 30 },
    xAxis: {
      type: 'log',
      logBase: 10,
      min: 1,
      max: 10 ** Math.ceil(Math.log10(maxX) - 1e-9),
      axisLabel: { formatter: percentText, color: MUTED, fontSize: 11, hideOverlap: true },
      splitLine: { lineStyle: { color: '#e6e6e6' } },
      minorTick: { show: false },
    },
    yAxis: valueAxis(0, msLabel, { min: 0, splitNumber: compact ? 3 : 5 }),
    series,
  };
}

const NOTE =
  'Latency against percentile; the percentile axis is logarithmic in 1/(1 − p), as HDR Histogram plots it, so the tail gets as much room as the body. The last point is the slowest sample.';

/** The whole run's distribution, this run over its baseline, with the targets of "(all)" if any. */
export function distributionFigure(
  flow: ChartFlow,
  width: number,
  opts: { baseline?: ChartBaseline; targets?: ChartTargets; names?: DistributionInput['names'] } = {},
): FigureSpec {
  const legend = new LegendBook();
  const option = distributionPanel(
    {
      flow,
      baseline: opts.baseline?.flows.find((f) => f.flow === flow.flow),
      targets: opts.targets?.flows.find((f) => f.name === flow.flow)?.targets,
      ...(opts.names ? { names: opts.names } : {}),
    },
    legend,
    width < 600,
  );
  return {
    id: 'distribution',
    title: `Latency distribution, ${flow.flow === '(all)' ? 'all requests' : flow.flow}`,
    note: NOTE,
    legend: legend.entries,
    panels: [{ width, height: width < 600 ? 240 : 300, option }],
  };
}
