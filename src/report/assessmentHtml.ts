/**
 * `assess --format html` and `plan --format html`: one page each, for the people a team reports
 * to. Self-contained (no script, stylesheet, font or image to fetch) and laid out for print, with
 * the charts drawn as inline SVG by the renderer the perf reports use (ECharts on the server).
 */
import type { Status } from '../answers/index.js';
import type { PillarScore, PlanItem } from '../assess/index.js';
import type { AssessmentReport } from './assessmentReport.js';
import { STATUS_WORDS } from './checkGate.js';

type ChartOption = Record<string, unknown>;

const COLOUR: Record<Status, string> = {
  met: '#2e7d32',
  partial: '#f9a825',
  'not-met': '#c62828',
  unknown: '#9e9e9e',
  'not-applicable': '#90caf9',
};
const RISK_COLOUR = { high: '#c62828', medium: '#ef6c00', low: '#fdd835' } as const;
const PILLAR_COLOURS = ['#1565c0', '#6a1b9a', '#00838f', '#ad1457', '#558b2f'];

export const esc = (s: string): string =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
const pct = (x: number) => `${Math.round(x * 100)}%`;
/** Links only to the web; anything else in a model's reference is shown as text. */
const link = (url: string | undefined, text: string) =>
  url && /^https?:\/\//.test(url) ? `<a href="${esc(url)}">${esc(text)}</a>` : esc(text);

/** Title, legend and plot area of every chart, so the legend never sits on the title. */
const frame = (text: string) => ({
  title: { text, left: 'center', top: 4, textStyle: { fontSize: 15 } },
  legend: { top: 32 },
  grid: { top: 72, left: 60, right: 30, bottom: 40 },
});

async function charts(options: ChartOption[]): Promise<string[]> {
  const { svgCharts } = await import('../perf/index.js');
  return svgCharts(options);
}

/** Coverage of every level, a bar per pillar: progress above the level reached shows too. */
function coverageChart(pillars: readonly PillarScore[]): ChartOption {
  const levels = Math.max(...pillars.map((p) => p.maxLevel));
  return {
    ...frame('Coverage per level (met = 1, partial = ½)'),
    color: PILLAR_COLOURS,
    xAxis: { type: 'category', data: Array.from({ length: levels }, (_, i) => `Level ${i + 1}`) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: pillars.map((p) => ({
      type: 'bar',
      name: `${p.title}: level ${p.level}`,
      data: p.levels.map((l) => Math.round(l.coverage * 1000) / 10),
    })),
  };
}

/** Practices per level of one pillar, stacked by status. */
function statusChart(p: PillarScore): ChartOption {
  const counts: [Status, (l: PillarScore['levels'][number]) => number][] = [
    ['met', (l) => l.met],
    ['partial', (l) => l.partial],
    ['not-met', (l) => l.notMet],
    ['unknown', (l) => l.unknown],
    ['not-applicable', (l) => l.notApplicable],
  ];
  return {
    ...frame(`${p.title}: practices per level`),
    xAxis: {
      type: 'category',
      data: p.levels.map((l) => `${l.level} ${l.name}`),
      axisLabel: { interval: 0, fontSize: 11 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: counts.map(([status, count]) => ({
      type: 'bar',
      stack: 'status',
      name: STATUS_WORDS[status],
      itemStyle: { color: COLOUR[status] },
      data: p.levels.map(count),
    })),
  };
}

/** Plan items per pillar and level, stacked by risk: where the work is, and how urgent. */
function planChart(plan: readonly PlanItem[]): ChartOption {
  const cats = [...new Set(plan.map((i) => `${i.pillar} ${i.level}`))].sort();
  return {
    ...frame('Improvement plan: items per pillar and level, by risk'),
    xAxis: { type: 'category', data: cats },
    yAxis: { type: 'value', minInterval: 1 },
    series: (['high', 'medium', 'low'] as const).map((risk) => ({
      type: 'bar',
      stack: 'risk',
      name: `${risk} risk`,
      itemStyle: { color: RISK_COLOUR[risk] },
      data: cats.map((c) => plan.filter((i) => `${i.pillar} ${i.level}` === c && i.risk === risk).length),
    })),
  };
}

function table(head: string[], rows: string[][], numeric: number[] = []): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map(
    (r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`,
  );
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr.join('')}</tbody></table>`;
}

function levelTable(p: PillarScore): string {
  return table(
    ['Level', 'Coverage', 'Met', 'Partial', 'Not met', 'N/A', 'Unknown', 'Held'],
    p.levels.map((l) => [
      `${l.level} · ${esc(l.name)}`,
      pct(l.coverage),
      String(l.met),
      String(l.partial),
      String(l.notMet),
      String(l.notApplicable),
      String(l.unknown),
      l.held ? '✓' : '',
    ]),
    [1, 2, 3, 4, 5, 6],
  );
}

export function planTable(items: readonly PlanItem[], withWhy: boolean): string {
  return table(
    ['#', 'Practice', 'Level', 'Risk', 'Status', ...(withWhy ? ['Why'] : []), 'Next step'],
    items.map((i) => [
      String(i.rank),
      `<code>${esc(i.practiceId)}</code><br>${esc(i.statement)}<br><small>${link(i.source.url, i.source.section)}</small>`,
      `${esc(i.pillar)} ${i.level}`,
      `<span class="risk-${esc(i.risk)}">${esc(i.risk)}</span>`,
      esc(STATUS_WORDS[i.status] ?? i.status),
      ...(withWhy ? [esc(i.why)] : []),
      esc(i.nextStep),
    ]),
    [0],
  );
}

const CSS = `
@page{size:A4;margin:14mm}
body{font:13px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 12px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px;break-after:avoid}
table{border-collapse:collapse;margin:8px 0 16px;width:100%}th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
td.n{text-align:right}thead th{background:#f3f3f3}tr,figure{break-inside:avoid}
figure{margin:10px 0}figure svg{width:100%;height:auto}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}.card{border:1px solid #ccc;border-radius:6px;padding:8px 12px;min-width:200px}
.card b{font-size:20px}small,.meta{color:#555}code{font-size:12px}
.risk-high{color:#b71c1c;font-weight:600}.risk-medium{color:#e65100}
@media print{body{margin:0;max-width:none;padding:0}a{color:inherit;text-decoration:none}}
`;

function page(title: string, body: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style></head><body>
${body.join('\n')}
</body></html>
`;
}

const figure = (svg: string) => `<figure>${svg}</figure>`;
const dateOf = (at: Date) => at.toISOString().slice(0, 10);

/** The assessment: a card per pillar, coverage per level, and per pillar what blocks the next level. */
export async function renderAssessmentHtml(
  report: AssessmentReport,
  planLimit: number,
  at = new Date(),
): Promise<string> {
  const { pillars, plan } = report.score;
  const title = `Well-Architected maturity${report.workload ? `: ${report.workload}` : ''}`;
  const svgs = await charts([coverageChart(pillars), ...pillars.map(statusChart)]);
  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p class="meta">Answers: <code>${esc(report.answersFile)}</code> · ${dateOf(at)} · a level is held when every practice of it and of the levels below is met or does not apply</p>`,
    `<div class="cards">${pillars
      .map(
        (p) =>
          `<div class="card">${esc(p.title)}<br><b>Level ${p.level} of ${p.maxLevel}</b><br>${esc(p.levelName ?? 'no level held yet')}</div>`,
      )
      .join('')}</div>`,
    figure(svgs[0] ?? ''),
  ];
  pillars.forEach((p, i) => {
    body.push(`<h2>${esc(p.title)} <small>(${esc(p.key)} ${esc(p.version)})</small></h2>`, levelTable(p));
    body.push(figure(svgs[i + 1] ?? ''));
    if (p.blocking.length > 0) {
      body.push(`<p><b>Blocking level ${p.level + 1}:</b></p>`);
      body.push(
        `<ul>${p.blocking.map((b) => `<li><code>${esc(b.id)}</code> (${esc(STATUS_WORDS[b.status] ?? b.status)}): ${esc(b.statement)}</li>`).join('')}</ul>`,
      );
    }
    const ruledOut = p.practices.filter((pr) => pr.notInForce);
    if (ruledOut.length > 0)
      body.push(
        `<p><b>Not in force for this workload:</b></p><ul>${ruledOut.map((pr) => `<li><code>${esc(pr.id)}</code>: ${esc(pr.notInForce ?? '')}</li>`).join('')}</ul>`,
      );
  });
  if (plan.length > 0 && planLimit > 0) {
    body.push('<h2>What to do next</h2>', planTable(plan.slice(0, planLimit), false));
    if (plan.length > planLimit)
      body.push(`<p class="meta">${plan.length - planLimit} more in <code>waymark plan</code>.</p>`);
  }
  return page(title, body);
}

/** The improvement plan: where the work is by pillar, level and risk, then the items in order. */
export async function renderPlanHtml(
  report: AssessmentReport,
  limit: number,
  at = new Date(),
): Promise<string> {
  const { plan } = report.score;
  const title = `Improvement plan${report.workload ? `: ${report.workload}` : ''}`;
  const shown = plan.slice(0, limit);
  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p class="meta">Answers: <code>${esc(report.answersFile)}</code> · ${dateOf(at)} · ${plan.length} practices do not hold yet; lower levels first, then higher risk</p>`,
  ];
  if (plan.length === 0) body.push('<p>Nothing to improve: every practice is met or not applicable.</p>');
  else {
    body.push(figure((await charts([planChart(plan)]))[0] ?? ''), planTable(shown, true));
    if (plan.length > shown.length)
      body.push(
        `<p class="meta">${plan.length - shown.length} more: <code>waymark plan --limit 0</code> lists them all.</p>`,
      );
  }
  return page(title, body);
}
