import {
  COLOUR,
  type FigureSpec,
  finite,
  LegendBook,
  MUTED,
  msLabel,
  type Option,
  percentLabel,
  rateLabel,
  valueAxis,
} from './spec.js';

/** One run of a flow's history. */
export interface TrendPoint {
  /** How the run is named on the axis: its name, else when it ran. */
  label: string;
  p95: number | null;
  p99: number | null;
  /** Percent. */
  errorRate: number | null;
  throughput: number | null;
  /** Set on the first run judged against a new baseline (or made it). */
  baselineChange?: string;
}

/** Labels cut to `n` characters: a run's name may be a whole commit message. */
const shortLabel = (n: number) => (s: string) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * A flow across runs: p95 and p99 above error rate and throughput, one point per run, the runs
 * where the baseline changed marked by a vertical line through all three.
 */
export function trendFigure(flow: string, points: readonly TrendPoint[], width: number): FigureSpec {
  const legend = new LegendBook();
  const narrow = width < 600;
  const heights = narrow ? [150, 60, 60] : [170, 66, 66];
  const gap = 28;
  const tops = [10, 10 + (heights[0] ?? 0) + gap, 10 + (heights[0] ?? 0) + (heights[1] ?? 0) + 2 * gap];
  const height = (tops[2] ?? 0) + (heights[2] ?? 0) + 34;
  const left = narrow ? 58 : 66;
  const right = narrow ? 12 : 20;
  const labels = points.map((p) => p.label);
  const series: Option[] = [];
  const add = (name: string, color: string, grid: number, values: (number | null)[]) => {
    if (!values.some(finite)) return;
    legend.add(name, color, 'line');
    series.push({
      type: 'line',
      name,
      xAxisIndex: grid,
      yAxisIndex: grid,
      data: values,
      connectNulls: false,
      showSymbol: true,
      symbolSize: 6,
      color,
      lineStyle: { color, width: 2 },
      itemStyle: { color },
      emphasis: { disabled: true },
    });
  };
  add(
    'p95',
    COLOUR.p95,
    0,
    points.map((p) => p.p95),
  );
  add(
    'p99',
    COLOUR.p99,
    0,
    points.map((p) => p.p99),
  );
  add(
    'error rate',
    COLOUR.errorRate,
    1,
    points.map((p) => p.errorRate),
  );
  add(
    'throughput',
    COLOUR.throughput,
    2,
    points.map((p) => p.throughput),
  );
  const changes = points.flatMap((p, i) => (p.baselineChange ? [i] : []));
  if (changes.length > 0) {
    legend.add('baseline changed', COLOUR.baselineChange, 'dotted');
    for (const grid of [0, 1, 2])
      series.push({
        type: 'line',
        name: 'baseline changed',
        xAxisIndex: grid,
        yAxisIndex: grid,
        data: [],
        markLine: {
          silent: true,
          symbol: 'none',
          label: { show: false },
          lineStyle: { color: COLOUR.baselineChange, width: 1.5, type: 'dotted' },
          data: changes.map((i) => ({ xAxis: i })),
        },
      });
  }
  const xAxis = [0, 1, 2].map((grid) => ({
    type: 'category',
    gridIndex: grid,
    data: labels,
    boundaryGap: true,
    axisTick: { show: grid === 2, alignWithLabel: true },
    axisLabel:
      grid === 2
        ? {
            color: MUTED,
            fontSize: 11,
            hideOverlap: true,
            formatter: narrow ? shortLabel(12) : shortLabel(18),
          }
        : { show: false },
  }));
  return {
    id: 'trend',
    title: `${flow === '(all)' ? 'All requests' : flow} across runs`,
    note: 'One point per run, oldest first. A dotted line marks the first run judged against a new baseline.',
    legend: legend.entries,
    panels: [
      {
        width,
        height,
        option: {
          grid: heights.map((h, i) => ({ left, right, top: tops[i], height: h })),
          xAxis,
          yAxis: [
            valueAxis(0, msLabel, { min: 0, splitNumber: 4 }),
            valueAxis(1, percentLabel, { min: 0, minInterval: 1, splitNumber: 2 }),
            valueAxis(2, rateLabel, { min: 0, splitNumber: 2 }),
          ],
          series,
        },
      },
    ],
  };
}
