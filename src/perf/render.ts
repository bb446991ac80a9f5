import type { Baseline } from './baseline.js';
import { type Comparison, FLOORS_TEXT, type MetricRow } from './compare.js';
import { couplingSentence } from './coupling.js';
import type { RunSummary } from './summary.js';
import { errorsTable, flowErrorsTable, num, overTimeTable, summaryTable, type TableModel } from './tables.js';
import { PERCENTILES } from './targetsFile.js';

export type OutputFormat = 'text' | 'md' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'md', 'json'];

/** `left`: how many leading columns hold text (left-aligned); numbers are right-aligned. */
function table(head: string[], rows: string[][], md: boolean, left = 1): string {
  if (md) {
    const esc = (c: string) => c.replaceAll('|', '\\|');
    const lines = [`| ${head.map(esc).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
    for (const r of rows) lines.push(`| ${r.map(esc).join(' | ')} |`);
    return `${lines.join('\n')}\n`;
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i < left ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n')}\n`;
}

function titled(t: TableModel | undefined, md: boolean): string {
  if (!t) return '';
  const title = t.title ? `${md ? `### ${t.title}` : t.title}\n\n` : '';
  return `${title}${table(t.head, t.rows, md, t.left)}`;
}

function footer(s: RunSummary, md: boolean): string {
  const lines: string[] = [];
  const bullet = md ? '- ' : '  ';
  if (s.skipped.total > 0) {
    lines.push(`${md ? '**' : ''}Skipped ${s.skipped.total} rows${md ? '**' : ''} (not in any figure):`);
    for (const r of s.skipped.reasons) lines.push(`${bullet}${r.reason}: ${r.count} (${r.where.join(', ')})`);
  }
  if (s.unmatched.count > 0)
    lines.push(`${s.unmatched.count} samples matched no flow: ${s.unmatched.labels.slice(0, 5).join(', ')}`);
  for (const n of s.notes) lines.push(`${md ? '- ' : 'note: '}${n}`);
  if (s.flows.some((f) => f.flowThroughput !== undefined))
    lines.push(
      `${md ? '- ' : ''}req/s: over the whole run; own req/s: over the flow's own first to last sample, as JMeter's dashboard computes it`,
    );
  if ([s.overall, ...s.flows].some((f) => f.receivedKBps !== undefined || f.sentKBps !== undefined))
    lines.push(
      `${md ? '- ' : ''}KB/s in and out: bytes received and sent (KB = 1,024 bytes) over the whole run`,
    );
  const few = [s.overall, ...s.flows].some((f) => PERCENTILES.some((k) => !f.percentiles[k].enough));
  if (few)
    lines.push(
      `* too few samples to judge this percentile (its 95% confidence interval would reach the largest sample): ${FLOORS_TEXT} samples`,
    );
  if (s.flows.some((f) => f.exactness === 'reported-upper-bound'))
    lines.push('≤ several reported entries in one flow: the largest of their percentiles, an upper bound');
  lines.push(`precision: ${s.precision}`);
  return `${lines.join('\n')}\n`;
}

export function renderSummary(s: RunSummary, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(s, null, 2)}\n`;
  const md = format === 'md';
  const title = `Run summary: ${s.sources.map((x) => x.name).join(', ')} (${num(s.durationSec)} s)`;
  const t = summaryTable(s);
  return [
    md ? `## ${title}\n` : `${title}\n`,
    table(t.head, t.rows, md),
    titled(errorsTable(s), md),
    titled(flowErrorsTable(s), md),
    titled(overTimeTable(s), md),
    footer(s, md),
  ]
    .filter(Boolean)
    .join('\n');
}

function cell(row: MetricRow, v: number | null): string {
  if (v === null) return '–';
  return row.unit === '%' ? `${num(v, 2)}%` : num(v, row.unit === 'req/s' ? 2 : 1);
}

function change(row: MetricRow): string {
  if (row.change === null) return '–';
  const sign = row.change > 0 ? '+' : '';
  return row.unit === '%' ? `${sign}${num(row.change, 2)} pp` : `${sign}${num(row.change, 1)}%`;
}

/** The columns of a flow's comparison, the same in text, Markdown and HTML. */
export const COMPARISON_HEAD = [
  'metric',
  'target',
  'baseline',
  'this run',
  '95% CI',
  'change',
  'tolerance',
  'verdict',
];

export function comparisonCells(r: MetricRow): string[] {
  return [
    `${r.metric} (${r.unit})`,
    cell(r, r.target),
    cell(r, r.baseline),
    cell(r, r.current),
    r.ci ? `${cell(r, r.ci[0])}–${cell(r, r.ci[1])}` : '–',
    change(r),
    r.unit === '%' ? `${r.tolerance} pp` : `${r.tolerance}%`,
    r.verdicts.join(', ') + (r.note ? ` (${r.note})` : ''),
  ];
}

export function renderComparison(c: Comparison, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(c, null, 2)}\n`;
  const md = format === 'md';
  const out: string[] = [];
  const status =
    c.exitCode === 0
      ? 'PASS'
      : `FAIL: ${c.regressed} flow(s) regressed, ${c.targetsMissed} flow(s) missed a target`;
  out.push(md ? `## Performance comparison: ${status}\n` : `Performance comparison: ${status}\n`);
  out.push(
    `targets: ${c.targetsFile ?? 'none'} · baseline: ${c.baselineFile ?? 'none'}${c.baselineCreated ? ` (${c.baselineCreated})` : ''}\n`,
  );
  if (c.coupling) out.push(`${md ? '> **' : ''}${couplingSentence(c.coupling)}${md ? '**' : ''}\n`);
  for (const f of c.flows) {
    const h = `${f.flow}: ${f.verdicts.join(', ')} (${f.count} samples${f.baselineCount !== null ? `, baseline ${f.baselineCount}` : ''})`;
    out.push(md ? `### ${h}\n` : h);
    out.push(table(COMPARISON_HEAD, f.rows.map(comparisonCells), md));
    for (const n of f.notes) out.push(`${md ? '> ' : 'note: '}${n}\n`);
  }
  const bullet = md ? '- ' : '  ';
  if (c.notes.length > 0)
    out.push(`${md ? '**Notes**' : 'Notes:'}\n${c.notes.map((n) => bullet + n).join('\n')}\n`);
  out.push(`${md ? '**Rules**' : 'Rules:'}\n${c.rules.map((r) => bullet + r).join('\n')}\n`);
  return out.join('\n');
}

export function renderBaseline(b: Baseline, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(b, null, 2)}\n`;
  const md = format === 'md';
  const title = `Baseline ${b.file ?? ''} (created ${b.created}; from ${b.sources.join(', ')})`;
  const rows = b.flows.map((f) => [
    f.flow,
    String(f.count),
    `${num(f.errorRate, 2)}%`,
    num(f.throughput, 2),
    ...PERCENTILES.map((k) => `${num(f[k].ms)}${f[k].enough ? '' : '*'}`),
  ]);
  return `${md ? `## ${title}` : title}\n\n${table(['flow', 'count', 'error %', 'req/s', 'p50 ms', 'p90 ms', 'p95 ms', 'p99 ms'], rows, md)}`;
}
