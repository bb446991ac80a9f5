/**
 * Strategy coverage across the portfolio's workloads: one heat map per group of workloads (rows)
 * by the strategies of one pillar (columns, by title), sortable, each cell a link to that
 * workload's strategy in the editor, and the same cells as tables for screen readers.
 */
import { type ReactNode, useMemo, useState } from 'react';
import { Chart, ErrorBox, Loading } from '../components';
import { GROUPING_LABEL, GROUPINGS, type Group, type Grouping, groupBy, isGrouping } from '../grouping';
import { compareText, useApi } from '../hooks';
import { Link, navigate } from '../router';
import type { Heatmap as HeatmapData, Model, Portfolio, PortfolioRow } from '../types';

type Cell = { kind: 'na' } | { kind: 'unassessed' } | { kind: 'coverage'; value: number };
interface StrategyColumn {
  id: string;
  title: string;
  level: number;
}
interface HeatRow extends PortfolioRow {
  cells: Cell[];
  /** Mean coverage over the strategies that apply, for sorting. */
  mean: number;
}

const SORTS = ['name', 'level', 'coverage'] as const;
type Sort = (typeof SORTS)[number];
const SORT_LABEL: Record<Sort, string> = {
  name: 'Name',
  level: 'Level, lowest first',
  coverage: 'Coverage, lowest first',
};

/** What a cell says in words: the table view, the tooltip and the legend use the same. */
function cellText(c: Cell): string {
  return c.kind === 'na'
    ? 'not applicable'
    : c.kind === 'unassessed'
      ? 'not assessed'
      : `${Math.round(c.value * 100)}%`;
}

/** The cell's value for the chart's piecewise colour scale: below 0 for the two cells without a figure. */
function cellValue(c: Cell): number {
  return c.kind === 'na' ? -2 : c.kind === 'unassessed' ? -1 : Math.round(c.value * 100);
}

/**
 * One colour per band, and a mark in the cells whose colour alone would carry the meaning: the
 * legend and the table view say the same in words.
 */
const BANDS = [
  { test: (v: number) => v === -2, css: 'na', label: 'not applicable', mark: '–', color: '#ffffff' },
  { test: (v: number) => v === -1, css: 'unassessed', label: 'not assessed', mark: '?', color: '#e3e6eb' },
  { test: (v: number) => v === 0, css: 'zero', label: '0%', mark: '0', color: '#c0504d' },
  { test: (v: number) => v > 0 && v < 50, css: 'low', label: '1–49%', mark: '', color: '#f4c27a' },
  { test: (v: number) => v >= 50 && v < 100, css: 'high', label: '50–99%', mark: '', color: '#a6d8b0' },
  { test: (v: number) => v === 100, css: 'full', label: '100%', mark: '', color: '#1f7a4c' },
] as const;

function band(v: number) {
  return BANDS.find((b) => b.test(v)) ?? BANDS[1];
}

function cellHref(row: { id: string }, pillar: string, s: StrategyColumn): string {
  return `/workloads/${row.id}/assess?pillar=${pillar}&level=${s.level}#strategy-${s.id}`;
}

const ROW_PX = 22;
const COLUMN_PX = 24;
const LEFT_PX = 180;
const TOP_PX = 170;
/** Past this many rows the strategy titles are also drawn under the map. */
const AXIS_BELOW_FROM = 20;

export function Heatmaps({ data, models }: { data: Portfolio; models: Model[] }) {
  const heat = useApi<HeatmapData>('/portfolio/heatmap');
  const [pillar, setPillar] = useState(models[0]?.key ?? '');
  const [grouping, setGrouping] = useState<Grouping>('none');
  const [sort, setSort] = useState<Sort>('name');
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const model = models.find((m) => m.key === pillar) ?? models[0];

  const strategies = useMemo<StrategyColumn[]>(
    () =>
      model?.levels.flatMap((l) => l.strategies.map((s) => ({ id: s.id, title: s.title, level: l.level }))) ??
      [],
    [model],
  );

  const groups = useMemo<Group<HeatRow>[]>(() => {
    if (!heat.data || !model) return [];
    const column = new Map(heat.data.strategies.map((id, i) => [id, i]));
    const portfolio = new Map(data.workloads.map((w) => [w.id, w]));
    const rows: HeatRow[] = [];
    for (const r of heat.data.rows) {
      const w = portfolio.get(r.id);
      if (!w) continue; // created since the portfolio was read
      const unanswered = new Set(r.unanswered);
      const cells = strategies.map((s): Cell => {
        const i = column.get(s.id) ?? -1;
        const v = r.values[i];
        if (v === null || v === undefined) return { kind: 'na' };
        return unanswered.has(i) ? { kind: 'unassessed' } : { kind: 'coverage', value: v };
      });
      const applying = cells.flatMap((c) =>
        c.kind === 'coverage' ? [c.value] : c.kind === 'unassessed' ? [0] : [],
      );
      const mean = applying.length ? applying.reduce((a, b) => a + b, 0) / applying.length : 0;
      rows.push({ ...w, cells, mean });
    }
    const level = (r: HeatRow) => r.levels[model.key] ?? 0;
    rows.sort(
      (a, b) =>
        (sort === 'level' ? level(a) - level(b) : sort === 'coverage' ? a.mean - b.mean : 0) ||
        compareText(a.name, b.name),
    );
    return groupBy(rows, grouping);
  }, [heat.data, data.workloads, model, strategies, grouping, sort]);

  if (!model) return null;
  const total = heat.data?.rows.length ?? 0;
  return (
    <section aria-labelledby="heat-title" className="card" data-testid="heatmaps">
      <h2 id="heat-title">Strategy coverage across workloads</h2>
      <p className="muted">
        Each cell: the share of a strategy's practices met (partial counts half) in one workload. Choose a
        cell to open that strategy in the workload's assessment.
      </p>
      <fieldset className="plan-filters">
        <legend className="visually-hidden">Arrange the heat map</legend>
        <label>
          Pillar{' '}
          <select value={model.key} onChange={(e) => setPillar(e.target.value)}>
            {models.map((m) => (
              <option key={m.key} value={m.key}>
                {m.title}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Group by{' '}
          <select
            value={grouping}
            onChange={(e) => {
              const v = e.target.value;
              setGrouping(isGrouping(v) ? v : 'none');
            }}
          >
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {GROUPING_LABEL[g]}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Sort by{' '}
          <select value={sort} onChange={(e) => setSort(SORTS.find((s) => s === e.target.value) ?? 'name')}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABEL[s]}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Show as{' '}
          <select value={view} onChange={(e) => setView(e.target.value === 'table' ? 'table' : 'chart')}>
            <option value="chart">Heat map</option>
            <option value="table">Table</option>
          </select>
        </label>
      </fieldset>
      <ul className="heat-legend" aria-label="Legend">
        {BANDS.map((b) => (
          <li key={b.css}>
            <span className={`heat-swatch heat-${b.css}`} aria-hidden="true">
              {b.mark}
            </span>
            {b.label}
          </li>
        ))}
      </ul>
      {heat.error ? <ErrorBox error={heat.error} /> : null}
      {!heat.data ? (
        heat.loading ? (
          <Loading what="the heat map" />
        ) : null
      ) : (
        groups.map((g) => (
          <figure key={g.key} className="heat" data-testid="heat-group">
            <figcaption>
              {grouping === 'none' ? `${model.title}, ${total} workloads` : `${g.label} (${g.items.length})`}
            </figcaption>
            {view === 'chart' ? (
              <HeatChart group={g} pillar={model.key} title={model.title} strategies={strategies} />
            ) : (
              <HeatTable group={g} pillar={model.key} title={model.title} strategies={strategies} />
            )}
          </figure>
        ))
      )}
    </section>
  );
}

interface GroupProps {
  group: Group<HeatRow>;
  pillar: string;
  title: string;
  strategies: StrategyColumn[];
}

function HeatChart({ group, pillar, title, strategies }: GroupProps) {
  const rows = group.items;
  const option = useMemo(() => {
    const titles = strategies.map((s) => `${s.level} · ${s.title}`);
    const data = rows.flatMap((r, y) =>
      r.cells.map((c, x) => {
        const v = cellValue(c);
        const b = band(v);
        return b.mark
          ? {
              value: [x, y, v],
              label: { show: true, formatter: b.mark, color: v === 0 ? '#fff' : '#1d2430' },
            }
          : { value: [x, y, v] };
      }),
    );
    const axisLabel = { interval: 0, rotate: 90, width: TOP_PX - 12, overflow: 'truncate', fontSize: 11 };
    const below = rows.length >= AXIS_BELOW_FROM;
    return {
      animation: false,
      tooltip: {
        formatter: (p: { dataIndex: number }) => {
          const r = rows[Math.floor(p.dataIndex / strategies.length)];
          const s = strategies[p.dataIndex % strategies.length];
          const c = r?.cells[p.dataIndex % strategies.length];
          if (!r || !s || !c) return '';
          return `${escapeHtml(r.name)}<br/>Level ${s.level}: ${escapeHtml(s.title)}<br/>${cellText(c)}`;
        },
      },
      grid: { left: LEFT_PX, right: 12, top: TOP_PX, bottom: below ? TOP_PX : 8 },
      xAxis: [
        { type: 'category', data: titles, position: 'top', axisLabel, axisTick: { show: false } },
        ...(below
          ? [{ type: 'category', data: titles, position: 'bottom', axisLabel, axisTick: { show: false } }]
          : []),
      ],
      yAxis: {
        type: 'category',
        data: rows.map((r) => r.name),
        inverse: true,
        axisLabel: { interval: 0, width: LEFT_PX - 12, overflow: 'truncate', fontSize: 12 },
        axisTick: { show: false },
      },
      visualMap: {
        type: 'piecewise',
        show: false,
        dimension: 2,
        pieces: [
          { value: -2, color: BANDS[0].color },
          { value: -1, color: BANDS[1].color },
          { value: 0, color: BANDS[2].color },
          { gt: 0, lt: 50, color: BANDS[3].color },
          { gte: 50, lt: 100, color: BANDS[4].color },
          { value: 100, color: BANDS[5].color },
        ],
      },
      series: [
        {
          type: 'heatmap',
          data,
          // In one pass: drawn in chunks of 400 a frame, 32,000 cells would take 80 frames.
          progressive: 0,
          label: { fontSize: 10 },
          itemStyle: { borderColor: '#c9ced6', borderWidth: 1 },
          emphasis: { itemStyle: { borderColor: '#1d2430', borderWidth: 2 } },
        },
      ],
    };
  }, [rows, strategies]);
  const height = rows.length * ROW_PX + TOP_PX + (rows.length >= AXIS_BELOW_FROM ? TOP_PX : 8);
  const open = (i: number) => {
    const r = rows[Math.floor(i / strategies.length)];
    const s = strategies[i % strategies.length];
    if (r && s) navigate(cellHref(r, pillar, s));
  };
  return (
    <ScrollBox className="heat-scroll" label={`${title} heat map, ${group.label}`}>
      <Chart
        option={option}
        height={height}
        minWidth={LEFT_PX + 12 + strategies.length * COLUMN_PX}
        label={`Heat map of ${strategies.length} ${title} strategies across ${rows.length} workloads (${group.label}); the table view lists every cell`}
        testId={`heatmap-${pillar}`}
        onItemClick={open}
        renderer="canvas"
      />
    </ScrollBox>
  );
}

function HeatTable({ group, pillar, title, strategies }: GroupProps) {
  return (
    <ScrollBox className="table-wrap" label={`${title} coverage table, ${group.label}`}>
      <table className="data heat-table" data-testid={`heat-table-${pillar}`}>
        <caption className="visually-hidden">
          {title}: coverage per strategy, {group.label}
        </caption>
        <thead>
          <tr>
            <th scope="col">Workload</th>
            {strategies.map((s) => (
              <th scope="col" key={s.id}>
                <span className="muted">Level {s.level}:</span> {s.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {group.items.map((r) => (
            <tr key={r.id}>
              <th scope="row">{r.name}</th>
              {r.cells.map((c, i) => {
                const s = strategies[i];
                if (!s) return null;
                return (
                  <td key={s.id} className={`heat-cell heat-${band(cellValue(c)).css}`}>
                    <Link href={cellHref(r, pillar, s)}>{cellText(c)}</Link>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

/** A box wider content scrolls in; focusable, so that the keyboard can scroll it too. */
function ScrollBox({
  className,
  label,
  children,
}: {
  className: string;
  label: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard
    <section className={className} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
