import type { LegendEntry, LegendMark } from './types.js';

/** An ECharts option, as the renderer takes it (built here, drawn by svg.ts). */
export type Option = Record<string, unknown>;

export interface PanelSpec {
  title?: string;
  width: number;
  height: number;
  option: Option;
}

/** A figure before it is drawn: what svg.ts renders into a Figure. */
export interface FigureSpec {
  id: string;
  title: string;
  note?: string;
  legend: LegendEntry[];
  panels: PanelSpec[];
}

/** Every colour is distinct within a figure, so that a legend entry can be traced to its drawing. */
export const COLOUR = {
  p50: '#4a7bd0',
  p90: '#3fa7a0',
  p95: '#e07b00',
  p99: '#b3261e',
  throughput: '#2e7d32',
  errorRate: '#8e44ad',
  thisRun: '#1f5fbf',
  baseline: '#7a7a7a',
  target: '#c2185b',
  warmUp: '#f2c14e',
  ok: '#5aa469',
  errors: '#d64541',
  baselineChange: '#555555',
} as const;

export const INK = '#333333';
export const MUTED = '#5f6368';
const GRID_LINE = '#e6e6e6';
export const FONT = 'system-ui, sans-serif';

/** The legend of a figure: an entry is added only by a series that draws something. */
export class LegendBook {
  readonly entries: LegendEntry[] = [];
  add(label: string, color: string, mark: LegendMark): void {
    if (!this.entries.some((e) => e.label === label)) this.entries.push({ label, color, mark });
  }
}

export const finite = (v: number | null | undefined): v is number =>
  typeof v === 'number' && Number.isFinite(v);

/** Three significant digits at most, no trailing zeros: 1250 → "1250", 0.1234 → "0.123". */
export function short(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  return abs >= 1000 ? String(Math.round(v)) : String(Number(v.toPrecision(3)));
}

export function msLabel(v: number): string {
  return Math.abs(v) >= 1000 ? `${short(v / 1000)} s` : `${short(v)} ms`;
}

export const rateLabel = (v: number) => `${short(v)}/s`;
export const percentLabel = (v: number) => `${short(v)}%`;

/** Clock time of the run in UTC, as load-test tools print it. */
export function clockLabel(ms: number, withSeconds = true): string {
  const iso = new Date(ms).toISOString();
  return withSeconds ? iso.slice(11, 19) : iso.slice(11, 16);
}

const axisLabel = (formatter: (v: number) => string, size = 11) => ({
  formatter,
  color: MUTED,
  fontSize: size,
  hideOverlap: true,
});

export function valueAxis(gridIndex: number, formatter: (v: number) => string, extra: Option = {}): Option {
  return {
    type: 'value',
    gridIndex,
    axisLabel: axisLabel(formatter),
    splitLine: { lineStyle: { color: GRID_LINE } },
    ...extra,
  };
}

/** A time axis; only the bottom one of a stack shows its labels. */
export function timeAxis(gridIndex: number, min: number, max: number, labels: boolean): Option {
  const span = max - min;
  return {
    type: 'time',
    gridIndex,
    min,
    max,
    splitNumber: 4,
    axisLabel: labels ? axisLabel((v) => clockLabel(v, span < 6 * 3600_000)) : { show: false },
    axisTick: { show: labels },
    splitLine: { show: false },
  };
}

/** A line series of [x, y] points; gaps (null) are left open. */
export function line(
  name: string,
  color: string,
  data: [number, number | null][],
  axes: { x?: number; y?: number } = {},
  extra: Option = {},
): Option {
  const points = data.filter(([, y]) => y !== null).length;
  return {
    type: 'line',
    name,
    xAxisIndex: axes.x ?? 0,
    yAxisIndex: axes.y ?? 0,
    data,
    connectNulls: false,
    showSymbol: points <= 40,
    symbolSize: 5,
    color,
    lineStyle: { color, width: 2 },
    itemStyle: { color },
    emphasis: { disabled: true },
    ...extra,
  };
}
