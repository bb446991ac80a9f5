import { COLOUR, type FigureSpec, LegendBook, type Option, rateLabel, timeAxis, valueAxis } from './spec.js';
import type { ChartRun } from './types.js';
import { runSpan, windowPoints } from './windows.js';

// Shades per class of status code, darkest first; codes of one class take them in order.
const SHADES: Record<string, string[]> = {
  '2': ['#3d8b4f', '#74b97f', '#a5d6a7', '#1b5e20'],
  '3': ['#3b6fb6', '#7aa6e0', '#1a3f73', '#a9c7ee'],
  '4': ['#e08a00', '#f4b860', '#a65f00', '#f9d9a6'],
  '5': ['#c62828', '#ef7a7a', '#8e1616', '#f5b3b3'],
  other: ['#6d4c8f', '#a68bc4', '#4a2f66', '#cbb8e0', '#7d7d7d', '#b0b0b0'],
};

/** Colours by code class; a failure with a 2xx or 3xx code (an assertion failed) is never green or blue. */
function colours(codes: string[], failures = false): Map<string, string> {
  const used: Record<string, number> = {};
  const out = new Map<string, string>();
  for (const code of codes) {
    const known = failures ? /^[45]\d\d$/ : /^[2-5]\d\d$/;
    const cls = known.test(code) ? code.charAt(0) : 'other';
    const shades = SHADES[cls] ?? [];
    const n = used[cls] ?? 0;
    used[cls] = n + 1;
    out.set(code, shades[n % shades.length] ?? '#999999');
  }
  return out;
}

/**
 * Responses per second in each window, stacked by response code when the results say which (every
 * response's, or the failures' only), else split into successes and failures.
 */
export function responsesFigure(run: ChartRun, width: number): FigureSpec | undefined {
  const span = runSpan(run);
  const points = windowPoints(run.overall, run);
  if (!span || points.length === 0) return undefined;
  const legend = new LegendBook();
  const perSecond = (n: number, p: (typeof points)[number]) => n / ((p.to - p.from) / 1000);
  const totals = new Map<string, number>();
  for (const p of points)
    for (const [code, n] of Object.entries(p.window?.responseCodes ?? {}))
      totals.set(code, (totals.get(code) ?? 0) + n);
  const stacks: { name: string; color: string; data: [number, number][] }[] = [];
  if (totals.size > 0) {
    const codes = [...totals.keys()].sort();
    const colour = colours(codes);
    for (const code of codes)
      stacks.push({
        name: code,
        color: colour.get(code) ?? '#999999',
        data: points.map((p) => [p.x, perSecond(p.window?.responseCodes?.[code] ?? 0, p)]),
      });
  } else if (points.some((p) => p.window?.errorCodes)) {
    // Only failures carry their code (a passing sample's is not read): successes in one stack,
    // failures by code above them.
    stacks.push({
      name: 'succeeded',
      color: COLOUR.ok,
      data: points.map((p) => [p.x, perSecond((p.window?.count ?? 0) - (p.window?.errors ?? 0), p)]),
    });
    const failed = new Map<string, number>();
    for (const p of points)
      for (const [code, n] of Object.entries(p.window?.errorCodes ?? {}))
        failed.set(code, (failed.get(code) ?? 0) + n);
    const codes = [...failed.keys()].sort();
    const colour = colours(codes, true);
    for (const code of codes)
      stacks.push({
        name: `failed ${code === '' ? '(no code)' : code}`,
        color: colour.get(code) ?? '#999999',
        data: points.map((p) => [p.x, perSecond(p.window?.errorCodes?.[code] ?? 0, p)]),
      });
  } else if (points.some((p) => p.window?.count !== undefined)) {
    stacks.push({
      name: 'succeeded',
      color: COLOUR.ok,
      data: points.map((p) => [p.x, perSecond((p.window?.count ?? 0) - (p.window?.errors ?? 0), p)]),
    });
    stacks.push({
      name: 'failed',
      color: COLOUR.errors,
      data: points.map((p) => [p.x, perSecond(p.window?.errors ?? 0, p)]),
    });
  } else return undefined;
  const series: Option[] = [];
  for (const s of stacks) {
    if (!s.data.some(([, y]) => y > 0)) continue;
    legend.add(s.name, s.color, 'bar');
    series.push({
      type: 'bar',
      name: s.name,
      stack: 'responses',
      data: s.data,
      barMaxWidth: 18,
      itemStyle: { color: s.color },
      emphasis: { disabled: true },
    });
  }
  const narrow = width < 600;
  return {
    id: 'responses',
    title:
      totals.size > 0
        ? 'Responses per second by response code (UTC)'
        : 'Responses per second, succeeded and failed (UTC)',
    legend: legend.entries,
    panels: [
      {
        width,
        height: narrow ? 200 : 230,
        option: {
          grid: { left: narrow ? 58 : 66, right: narrow ? 12 : 20, top: 10, bottom: 30 },
          xAxis: timeAxis(0, span.start, span.end, true),
          yAxis: valueAxis(0, rateLabel, { min: 0, splitNumber: 3 }),
          series,
        },
      },
    ],
  };
}
