import {
  COLOUR,
  type FigureSpec,
  finite,
  LegendBook,
  line,
  msLabel,
  type Option,
  percentLabel,
  rateLabel,
  timeAxis,
  valueAxis,
} from './spec.js';
import type { ChartRun } from './types.js';
import { runSpan, warmUpEnd, windowLatency, windowPoints } from './windows.js';

const LATENCY = ['p50', 'p95', 'p99'] as const;

/**
 * Latency percentiles per window above throughput and error rate, on one time axis, with the
 * warm-up shaded: the first view of JMeter's, Gatling's and k6's reports.
 */
export function overTimeFigure(run: ChartRun, width: number): FigureSpec | undefined {
  const span = runSpan(run);
  const points = windowPoints(run.overall, run);
  if (!span || points.length === 0) return undefined;
  const legend = new LegendBook();
  const narrow = width < 600;
  const left = narrow ? 58 : 66;
  const right = narrow ? 12 : 20;
  // Three stacked grids: latency gets most of the height.
  const heights = narrow ? [170, 64, 64] : [190, 72, 72];
  const gap = 28;
  const tops = [10, 10 + (heights[0] ?? 0) + gap, 10 + (heights[0] ?? 0) + (heights[1] ?? 0) + 2 * gap];
  const height = (tops[2] ?? 0) + (heights[2] ?? 0) + 30;
  const grid = heights.map((h, i) => ({ left, right, top: tops[i], height: h }));

  const series: Option[] = [];
  for (const key of LATENCY) {
    const data = points.map((p): [number, number | null] => [p.x, windowLatency(p.window, key)]);
    if (!data.some(([, y]) => finite(y))) continue;
    legend.add(`${key} latency`, COLOUR[key], 'line');
    series.push(line(`${key} latency`, COLOUR[key], data, { x: 0, y: 0 }));
  }
  const rate = points.map((p): [number, number | null] => [p.x, p.rate]);
  legend.add('throughput', COLOUR.throughput, 'line');
  series.push(line('throughput', COLOUR.throughput, rate, { x: 1, y: 1 }, { areaStyle: { opacity: 0.12 } }));
  const errors = points.map((p): [number, number | null] => [
    p.x,
    p.window ? (p.window.errorRate ?? null) : null,
  ]);
  if (errors.some(([, y]) => finite(y))) {
    legend.add('error rate', COLOUR.errorRate, 'line');
    series.push(line('error rate', COLOUR.errorRate, errors, { x: 2, y: 2 }));
  }

  const warmUp = warmUpEnd(points);
  let note: string | undefined;
  if (warmUp !== undefined) {
    legend.add('warm-up', COLOUR.warmUp, 'band');
    note =
      'Warm-up: from the start until throughput first reaches 90% of its median over the run. Windows cut by the start or the end of the run count their requests over the part they cover.';
    for (const i of [0, 1, 2])
      series.push({
        type: 'line',
        name: 'warm-up',
        xAxisIndex: i,
        yAxisIndex: i,
        data: [],
        markArea: {
          silent: true,
          itemStyle: { color: COLOUR.warmUp, opacity: 0.3 },
          label: { show: false },
          data: [[{ xAxis: span.start }, { xAxis: warmUp }]],
        },
      });
  }
  return {
    id: 'over-time',
    title: `Latency, throughput and errors over time (${run.windowSec} s windows, UTC)`,
    ...(note ? { note } : {}),
    legend: legend.entries,
    panels: [
      {
        width,
        height,
        option: {
          grid,
          xAxis: [0, 1, 2].map((i) => timeAxis(i, span.start, span.end, i === 2)),
          yAxis: [
            valueAxis(0, msLabel, { min: 0, splitNumber: 4 }),
            valueAxis(1, rateLabel, { min: 0, splitNumber: 2 }),
            valueAxis(2, percentLabel, { min: 0, minInterval: 1, splitNumber: 2 }),
          ],
          series,
        },
      },
    ],
  };
}
