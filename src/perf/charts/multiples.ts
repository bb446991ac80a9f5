import { distributionPanel } from './distribution.js';
import {
  COLOUR,
  type FigureSpec,
  finite,
  LegendBook,
  line,
  msLabel,
  type Option,
  type PanelSpec,
  short,
  timeAxis,
  valueAxis,
} from './spec.js';
import type { ChartBaseline, ChartFlow, ChartRun, ChartTargets } from './types.js';
import { runSpan, windowLatency, windowPoints } from './windows.js';

/** Small multiples: one small chart per flow, the same size and time axis, so twenty flows stay readable. */
export const PANEL_WIDTH = 300;
const PANEL_HEIGHT = 170;
/**
 * A page of small multiples stays readable (and quick to draw, some 10 to 30 ms a panel) up to
 * this many flows; beyond it the busiest are drawn, and the note says how many were left out.
 */
export const MAX_PANELS = 48;

/** The flows to draw, in the summary's order: all of them, or the busiest MAX_PANELS. */
function drawnFlows(flows: readonly ChartFlow[]): { flows: ChartFlow[]; left: string } {
  if (flows.length <= MAX_PANELS) return { flows: [...flows], left: '' };
  const busiest = new Set([...flows].sort((a, b) => b.count - a.count).slice(0, MAX_PANELS));
  return {
    flows: flows.filter((f) => busiest.has(f)),
    left: ` The ${MAX_PANELS} busiest of ${flows.length} flows are drawn; the tables list every flow.`,
  };
}

const LATENCY = ['p50', 'p95', 'p99'] as const;

function flowTitle(f: ChartFlow): string {
  const errors = f.count > 0 ? ` · ${short(f.errorRate)}% errors` : '';
  return `${f.flow}${f.transaction ? ' (transaction)' : ''} · ${f.count} req${errors}`;
}

/** A horizontal reference line (a target, a baseline figure) drawn on its own empty series. */
function level(name: string, color: string, value: number, type: 'dashed' | 'dotted'): Option {
  return {
    type: 'line',
    name,
    data: [],
    markLine: {
      silent: true,
      symbol: 'none',
      label: { show: false },
      lineStyle: { color, width: 1.5, type },
      data: [{ yAxis: value }],
    },
  };
}

export function flowsOverTimeFigure(
  run: ChartRun,
  opts: { baseline?: ChartBaseline; targets?: ChartTargets } = {},
): FigureSpec | undefined {
  const span = runSpan(run);
  if (!span || run.flows.length === 0) return undefined;
  const legend = new LegendBook();
  const panels: PanelSpec[] = [];
  const drawn = drawnFlows(run.flows);
  for (const flow of drawn.flows) {
    const points = windowPoints(flow, run);
    const series: Option[] = [];
    let top = 0;
    for (const key of LATENCY) {
      const data = points.map((p): [number, number | null] => [p.x, windowLatency(p.window, key)]);
      if (!data.some(([, y]) => finite(y))) continue;
      for (const [, y] of data) if (finite(y)) top = Math.max(top, y);
      legend.add(`${key} latency`, COLOUR[key], 'line');
      series.push(line(`${key} latency`, COLOUR[key], data));
    }
    const target = opts.targets?.flows.find((f) => f.name === flow.flow)?.targets.p95;
    if (finite(target)) {
      legend.add('p95 target', COLOUR.target, 'dashed');
      series.push(level('p95 target', COLOUR.target, target, 'dashed'));
      top = Math.max(top, target);
    }
    const base = opts.baseline?.flows.find((f) => f.flow === flow.flow)?.p95.ms;
    if (finite(base)) {
      legend.add('baseline p95', COLOUR.baseline, 'dotted');
      series.push(level('baseline p95', COLOUR.baseline, base, 'dotted'));
      top = Math.max(top, base);
    }
    const any = series.some((s) => Array.isArray(s.data) && s.data.length > 0);
    panels.push({
      title: any ? flowTitle(flow) : `${flowTitle(flow)} · too few samples per window for a percentile`,
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      option: {
        grid: { left: 54, right: 12, top: 10, bottom: 26 },
        xAxis: timeAxis(0, span.start, span.end, true),
        // The reference lines must be inside the scale, not cut off at its top.
        yAxis: valueAxis(0, msLabel, { min: 0, ...(top > 0 ? niceScale(top) : { splitNumber: 3 }) }),
        series,
      },
    });
  }
  return {
    id: 'flows-over-time',
    title: `Latency over time per flow (${run.windowSec} s windows, UTC)`,
    note: `One panel per flow on the same time axis; each has its own latency scale. Windows with too few samples for a percentile leave a gap.${drawn.left}`,
    legend: legend.entries,
    panels,
  };
}

/**
 * A scale from 0 that holds `v` with a little room: a round step (1, 2, 2.5 or 5 times a power of
 * ten) and at most five of them, so that no label is squeezed in at the top.
 */
export function niceScale(v: number): { max: number; interval: number } {
  const top = v * 1.05;
  const mag = 10 ** Math.floor(Math.log10(top / 5));
  for (const m of [1, 2, 2.5, 5, 10, 20]) {
    const interval = m * mag;
    const steps = Math.ceil(top / interval - 1e-9);
    if (steps <= 5) return { max: steps * interval, interval };
  }
  return { max: top, interval: top / 5 };
}

export function flowDistributionsFigure(
  flows: readonly ChartFlow[],
  opts: {
    baseline?: ChartBaseline;
    targets?: ChartTargets;
    names?: { current: string; reference: string };
  } = {},
): FigureSpec | undefined {
  if (flows.length === 0) return undefined;
  const legend = new LegendBook();
  const drawn = drawnFlows(flows);
  const panels = drawn.flows.map(
    (flow): PanelSpec => ({
      title: flowTitle(flow),
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      option: distributionPanel(
        {
          flow,
          baseline: opts.baseline?.flows.find((f) => f.flow === flow.flow),
          targets: opts.targets?.flows.find((f) => f.name === flow.flow)?.targets,
          ...(opts.names ? { names: opts.names } : {}),
        },
        legend,
        true,
      ),
    }),
  );
  return {
    id: 'flow-distributions',
    title: 'Latency distribution per flow',
    note: `Latency against percentile per flow, the percentile axis logarithmic in 1/(1 − p); each panel has its own latency scale.${drawn.left}`,
    legend: legend.entries,
    panels,
  };
}
