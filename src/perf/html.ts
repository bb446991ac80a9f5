import type { Baseline } from './baseline.js';
import {
  comparisonFigureSet,
  FIGURE_CSS,
  type Figure,
  type FigureSet,
  figureHtml,
  renderFigure,
  runFigureSet,
} from './charts/index.js';
import type { Comparison } from './compare.js';
import { couplingSentence } from './coupling.js';
import { COMPARISON_HEAD, comparisonCells } from './render.js';
import type { RunSummary } from './summary.js';
import { errorsTable, flowErrorsTable, summaryTable } from './tables.js';
import type { Targets } from './targetsFile.js';

/**
 * Self-contained HTML reports (no script, no external asset): tables, and charts drawn as inline
 * SVG by ECharts' server-side renderer (see charts/). Each chart of one panel is drawn twice, for
 * wide and for narrow screens, and CSS shows the one that fits.
 */

const WIDE = 960;
const NARROW = 360;

const esc = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const num = (x: number | null | undefined, d = 1): string =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x.toFixed(d)).toString();

type EChartsOption = Record<string, unknown>;

/** Charts as inline SVG strings (ECharts' server-side renderer); the assessment HTML report uses it. */
export async function svgCharts(options: EChartsOption[], width = WIDE, height = 340): Promise<string[]> {
  const echarts = await import('echarts');
  return options.map((option) => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
    try {
      chart.setOption({ animation: false, backgroundColor: '#fff', ...option });
      return chart.renderToSVGString();
    } finally {
      chart.dispose();
    }
  });
}

/** The figures of a set as HTML, in the order of `order` (figure ids); the rest after them. */
async function figuresHtml(set: FigureSet, order: string[]): Promise<string[]> {
  const [wide, narrow] = [await drawSingles(set, WIDE), await drawSingles(set, NARROW)];
  const multiples = await drawMultiples(set);
  const parts = new Map<string, string>();
  wide.forEach((f, i) => {
    const small = narrow[i];
    parts.set(f.id, figureHtml(f, 'wide') + (small ? figureHtml(small, 'narrow') : ''));
  });
  for (const f of multiples) parts.set(f.id, figureHtml(f));
  const ids = [
    ...order.filter((id) => parts.has(id)),
    ...[...parts.keys()].filter((id) => !order.includes(id)),
  ];
  return ids.map((id) => parts.get(id) ?? '');
}

async function drawSingles(set: FigureSet, width: number): Promise<Figure[]> {
  const out: Figure[] = [];
  for (const spec of set.single(width)) out.push(await renderFigure(spec));
  return out;
}

async function drawMultiples(set: FigureSet): Promise<Figure[]> {
  const out: Figure[] = [];
  for (const spec of set.multiples) out.push(await renderFigure(spec));
  return out;
}

function table(head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map(
    (r) => `<tr>${r.map((c, i) => (i === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`,
  );
  // Wide tables scroll in their own box on a phone instead of widening the page.
  return `<div class="table-wrap"><table><thead><tr>${th}</tr></thead><tbody>${tr.join('')}</tbody></table></div>`;
}

function page(title: string, body: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;padding:0 16px;color:#222}
.table-wrap{overflow-x:auto}h1,h2,li,p{overflow-wrap:anywhere}
table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
thead th{background:#f3f3f3}tbody th{text-align:left;font-weight:600}
.pass{color:#176f2c}.fail{color:#b00020}small{color:#666}
${FIGURE_CSS}</style></head><body>
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

/** Run summary as HTML; targets, when given, are drawn as markers on the charts. */
export async function renderSummaryHtml(s: RunSummary, targets?: Targets): Promise<string> {
  const title = `Run summary: ${s.sources.map((x) => x.name).join(', ')}`;
  const charts = await figuresHtml(runFigureSet(s, targets ? { targets } : {}), [
    'over-time',
    'distribution',
    'flows-over-time',
    'responses',
  ]);
  return page(title, [
    `<h1>${esc(title)}</h1>`,
    `<p>${num(s.durationSec)} s · ${s.overall.count} samples · ${s.skipped.total} rows skipped</p>`,
    ...summaryTables(s),
    ...charts,
    `<p><small>* too few samples for this percentile. Precision: ${esc(s.precision)}</small></p>`,
    ...s.notes.map((n) => `<p><small>note: ${esc(n)}</small></p>`),
  ]);
}

/** The comparison as HTML; the baseline and targets it used are drawn on the charts. */
export async function renderComparisonHtml(
  c: Comparison,
  s: RunSummary,
  refs: { baseline?: Baseline | undefined; targets?: Targets | undefined } = {},
): Promise<string> {
  const status =
    c.exitCode === 0
      ? 'PASS'
      : `FAIL: ${c.regressed} flow(s) regressed, ${c.targetsMissed} flow(s) missed a target`;
  const charts = await figuresHtml(
    comparisonFigureSet(s, {
      ...(refs.baseline ? { baseline: refs.baseline } : {}),
      ...(refs.targets ? { targets: refs.targets } : {}),
    }),
    ['distribution', 'flow-distributions', 'over-time', 'flows-over-time', 'responses'],
  );
  const [lead, ...rest] = charts;
  const body = [
    `<h1>Performance comparison: <span class="${c.exitCode === 0 ? 'pass' : 'fail'}">${esc(status)}</span></h1>`,
    `<p>targets: ${esc(c.targetsFile ?? 'none')} · baseline: ${esc(c.baselineFile ?? 'none')}${c.baselineCreated ? ` (${esc(c.baselineCreated)})` : ''}</p>`,
    ...(c.coupling ? [`<p><strong>${esc(couplingSentence(c.coupling))}</strong></p>`] : []),
    ...(lead ? [lead] : []),
  ];
  for (const f of c.flows) {
    body.push(`<h2>${esc(f.flow)}: ${esc(f.verdicts.join(', '))}</h2>`);
    body.push(table(COMPARISON_HEAD, f.rows.map(comparisonCells)));
    for (const n of f.notes) body.push(`<p><small>${esc(n)}</small></p>`);
  }
  body.push(...rest);
  body.push(`<h2>Rules</h2><ul>${c.rules.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`);
  if (c.notes.length > 0) body.push(`<ul>${c.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  return page(`Performance comparison: ${status}`, body);
}
