import type { Comparison, MetricRow } from './compare.js';
import { couplingSentence } from './coupling.js';
import { COMPARISON_HEAD, comparisonCells } from './render.js';
import type { FlowFigures, RunSummary } from './summary.js';
import { errorsTable, flowErrorsTable, summaryTable } from './tables.js';
import { PERCENTILES } from './targetsFile.js';

/**
 * Self-contained HTML reports (no script, no external asset): tables plus charts drawn as inline
 * SVG by ECharts' server-side renderer. ECharts is imported only here, and only when asked for.
 */

const WIDTH = 960;
const HEIGHT = 340;

const esc = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const num = (x: number | null | undefined, d = 1): string =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x.toFixed(d)).toString();
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 19);

type EChartsOption = Record<string, unknown>;

/** Charts as inline SVG strings (ECharts' server-side renderer); the assessment HTML report uses it too. */
export async function svgCharts(options: EChartsOption[]): Promise<string[]> {
  const echarts = await import('echarts');
  return options.map((option) => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
    try {
      chart.setOption({ animation: false, backgroundColor: '#fff', ...option });
      return chart.renderToSVGString();
    } finally {
      chart.dispose();
    }
  });
}

/** p95 per flow over time, one line per flow (windows with too few samples are gaps). */
function latencyOverTime(s: RunSummary): EChartsOption {
  return {
    title: { text: `p95 latency over time (ms, ${s.windowSec}s windows, UTC)`, left: 'center' },
    legend: { top: 28, type: 'scroll' },
    grid: { top: 70, left: 60, right: 30, bottom: 40 },
    xAxis: { type: 'time', axisLabel: { formatter: (v: number) => hhmm(v) } },
    yAxis: { type: 'value', name: 'ms' },
    series: s.flows.map((f) => ({
      type: 'line',
      name: f.flow,
      showSymbol: f.windows.length < 60,
      connectNulls: false,
      data: f.windows.map((w) => [w.startMs, w.p95Ms ?? null]),
    })),
  };
}

function throughputOverTime(s: RunSummary): EChartsOption {
  return {
    title: { text: 'Throughput over time (req/s, all flows) and error rate (%)', left: 'center' },
    legend: { top: 28 },
    grid: { top: 70, left: 60, right: 60, bottom: 40 },
    xAxis: { type: 'time', axisLabel: { formatter: (v: number) => hhmm(v) } },
    yAxis: [
      { type: 'value', name: 'req/s' },
      { type: 'value', name: '%', min: 0 },
    ],
    series: [
      { type: 'line', name: 'req/s', data: s.overall.windows.map((w) => [w.startMs, w.throughput]) },
      {
        type: 'line',
        name: 'error %',
        yAxisIndex: 1,
        data: s.overall.windows.map((w) => [w.startMs, w.errorRate ?? null]),
      },
    ],
  };
}

function percentilesChart(flows: FlowFigures[]): EChartsOption {
  return {
    title: { text: 'Percentiles per flow (ms)', left: 'center' },
    legend: { top: 28 },
    grid: { top: 70, left: 60, right: 30, bottom: 60 },
    xAxis: { type: 'category', data: flows.map((f) => f.flow), axisLabel: { interval: 0, rotate: 15 } },
    yAxis: { type: 'value', name: 'ms' },
    series: PERCENTILES.map((k) => ({
      type: 'bar',
      name: k,
      data: flows.map((f) => f.percentiles[k].ms),
    })),
  };
}

function comparisonChart(c: Comparison): EChartsOption {
  const value = (rows: MetricRow[], key: string, pick: 'baseline' | 'current' | 'target') =>
    rows.find((r) => r.metric === key)?.[pick] ?? null;
  const series = [];
  for (const key of ['p95', 'p99'])
    for (const pick of ['baseline', 'current'] as const)
      series.push({
        type: 'bar',
        name: `${key} ${pick === 'current' ? 'this run' : 'baseline'}`,
        data: c.flows.map((f) => value(f.rows, key, pick)),
      });
  series.push({
    type: 'scatter',
    name: 'p95 target',
    symbol: 'rect',
    symbolSize: [26, 3],
    data: c.flows.map((f) => value(f.rows, 'p95', 'target')),
  });
  return {
    title: { text: 'Baseline vs this run (ms)', left: 'center' },
    legend: { top: 28 },
    grid: { top: 70, left: 60, right: 30, bottom: 60 },
    xAxis: { type: 'category', data: c.flows.map((f) => f.flow), axisLabel: { interval: 0, rotate: 15 } },
    yAxis: { type: 'value', name: 'ms' },
    series,
  };
}

function table(head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map(
    (r) => `<tr>${r.map((c, i) => (i === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`,
  );
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr.join('')}</tbody></table>`;
}

function page(title: string, body: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#222}
table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
thead th{background:#f3f3f3}tbody th{text-align:left;font-weight:600}
.pass{color:#176f2c}.fail{color:#b00020}figure{margin:12px 0}small{color:#666}
</style></head><body>
${body.join('\n')}
</body></html>
`;
}

/** The summary's tables, with the same cells as text and Markdown (see tables.ts). */
function summaryTables(s: RunSummary): string[] {
  const main = summaryTable(s);
  const out = [table(main.head, main.rows)];
  for (const t of [errorsTable(s), flowErrorsTable(s)])
    if (t) out.push(`<h2>${esc(t.title ?? '')}</h2>`, table(t.head, t.rows));
  return out;
}

const figures = (svgs: string[]) => svgs.map((svg) => `<figure>${svg}</figure>`);

export async function renderSummaryHtml(s: RunSummary): Promise<string> {
  const title = `Run summary: ${s.sources.map((x) => x.name).join(', ')}`;
  const charts = await svgCharts([latencyOverTime(s), throughputOverTime(s), percentilesChart(s.flows)]);
  return page(title, [
    `<h1>${esc(title)}</h1>`,
    `<p>${num(s.durationSec)} s · ${s.overall.count} samples · ${s.skipped.total} rows skipped</p>`,
    ...summaryTables(s),
    ...figures(charts),
    `<p><small>* too few samples for this percentile. Precision: ${esc(s.precision)}</small></p>`,
    ...s.notes.map((n) => `<p><small>note: ${esc(n)}</small></p>`),
  ]);
}

export async function renderComparisonHtml(c: Comparison, s: RunSummary): Promise<string> {
  const status =
    c.exitCode === 0
      ? 'PASS'
      : `FAIL: ${c.regressed} flow(s) regressed, ${c.targetsMissed} flow(s) missed a target`;
  const charts = await svgCharts([comparisonChart(c), latencyOverTime(s), percentilesChart(s.flows)]);
  const body = [
    `<h1>Performance comparison: <span class="${c.exitCode === 0 ? 'pass' : 'fail'}">${esc(status)}</span></h1>`,
    `<p>targets: ${esc(c.targetsFile ?? 'none')} · baseline: ${esc(c.baselineFile ?? 'none')}${c.baselineCreated ? ` (${esc(c.baselineCreated)})` : ''}</p>`,
    ...(c.coupling ? [`<p><strong>${esc(couplingSentence(c.coupling))}</strong></p>`] : []),
    ...figures(charts.slice(0, 1)),
  ];
  for (const f of c.flows) {
    body.push(`<h2>${esc(f.flow)}: ${esc(f.verdicts.join(', '))}</h2>`);
    body.push(table(COMPARISON_HEAD, f.rows.map(comparisonCells)));
    for (const n of f.notes) body.push(`<p><small>${esc(n)}</small></p>`);
  }
  body.push(...figures(charts.slice(1)));
  body.push(`<h2>Rules</h2><ul>${c.rules.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`);
  if (c.notes.length > 0) body.push(`<ul>${c.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  return page(`Performance comparison: ${status}`, body);
}
