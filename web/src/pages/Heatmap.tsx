/**
 * Strategy coverage across the portfolio's workloads: one heat map per group of workloads (rows)
 * by the strategies of one pillar (columns, by title), sortable, each cell a link to that
 * workload's strategy in the editor, and the same cells as tables for screen readers.
 */
import {
  type MouseEvent,
  type ReactNode,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ErrorBox, Loading } from '../components';
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
  // Its rows are built as a deferred render, which React slices and the browser can paint between,
  // so the workload table above is on screen before this work starts (bench/web measures both).
  const heatData = useDeferredValue(heat.data);
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
    if (!heatData || !model) return [];
    const column = new Map(heatData.strategies.map((id, i) => [id, i]));
    const portfolio = new Map(data.workloads.map((w) => [w.id, w]));
    const rows: HeatRow[] = [];
    for (const r of heatData.rows) {
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
  }, [heatData, data.workloads, model, strategies, grouping, sort]);

  if (!model) return null;
  const total = heatData?.rows.length ?? 0;
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
      {!heatData ? (
        heat.loading || heat.data ? (
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

/** Rows per canvas: a 1,000-row map is 22,000 px tall, more than one canvas should hold. */
const TILE_ROWS = 50;
const FONT = 'sans-serif';
const AXIS_COLOUR = '#6e7079';
const BORDER = '#c9ced6';

declare global {
  interface HTMLElement {
    /** What the heat map drawn in this box shows (a canvas has no DOM): for the browser tests. */
    waymarkHeat?: HeatDrawn;
  }
}

/** The rows and columns drawn, and where a cell is, in px from the map's top left corner. */
export interface HeatDrawn {
  rows: string[];
  columns: string[];
  fontSize: number;
  cell(x: number, y: number): { mark: string | null; centre: [number, number]; size: [number, number] };
}

/** `text`, cut with an ellipsis to fit `width` px in the context's font. */
function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/** A canvas sized in CSS px, drawn at the screen's pixel density. */
function canvasContext(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/**
 * The heat map, drawn by hand on canvases in one pass: rows of cells (a colour per band, a mark
 * where the colour alone would carry the meaning), workload names on the left, strategy titles
 * above (and below a long map); a tooltip and an outline on the cell under the pointer, and a
 * click opens that cell's strategy. Hand-written because ECharts, which drew it before, took
 * 1.3 s for 1,000 rows (32,000 cells, one element each) and ~250 ms even for 50 of them after
 * its 160 KB of code had loaded; this draws a tile of 50 rows in a few ms (Chromium, 2 cores).
 */
function HeatChart({ group, pillar, title, strategies }: GroupProps) {
  const rows = group.items;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<{ x: number; y: number } | null>(null);
  const below = rows.length >= AXIS_BELOW_FROM;
  const bottom = below ? TOP_PX : 8;
  const minWidth = LEFT_PX + 12 + strategies.length * COLUMN_PX;
  const titles = useMemo(() => strategies.map((s) => `${s.level} · ${s.title}`), [strategies]);
  const tiles = Math.ceil(rows.length / TILE_ROWS);

  // The map fills its box's width (at least minWidth): columns share what is left of the names.
  // Measured before the first paint, so that the map is drawn without waiting a frame for it.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  const column = strategies.length ? (Math.max(width, minWidth) - LEFT_PX - 12) / strategies.length : 0;

  useEffect(() => {
    const el = box.current;
    if (!el || width === 0) return;
    const canvases = [...el.querySelectorAll('canvas')];
    for (const c of [el, ...canvases]) c.removeAttribute('data-drawn');
    const total = Math.max(width, minWidth);
    const axis = (canvas: HTMLCanvasElement | undefined, top: boolean) => {
      const ctx = canvas && canvasContext(canvas, total, top ? TOP_PX : bottom);
      if (!ctx) return;
      ctx.font = `11px ${FONT}`;
      ctx.fillStyle = AXIS_COLOUR;
      ctx.textBaseline = 'middle';
      titles.forEach((t, x) => {
        ctx.save();
        ctx.translate(LEFT_PX + (x + 0.5) * column, top ? TOP_PX - 8 : 8);
        ctx.rotate(-Math.PI / 2);
        ctx.textAlign = top ? 'left' : 'right';
        ctx.fillText(fit(ctx, t, TOP_PX - 12), 0, 0);
        ctx.restore();
      });
    };
    const tile = (t: number) => {
      const part = rows.slice(t * TILE_ROWS, (t + 1) * TILE_ROWS);
      const canvas = canvases[t + 1];
      const ctx = canvas && canvasContext(canvas, total, part.length * ROW_PX);
      if (!ctx) return;
      // In few passes, each with one font or colour set (setting either costs more than a cell):
      // the names, each band's cells as one path, the grid lines as one path, then the marks.
      ctx.textBaseline = 'middle';
      ctx.font = `12px ${FONT}`;
      ctx.fillStyle = AXIS_COLOUR;
      ctx.textAlign = 'right';
      part.forEach((r, y) => {
        ctx.fillText(fit(ctx, r.name, LEFT_PX - 12), LEFT_PX - 8, (y + 0.5) * ROW_PX);
      });
      const values = part.map((r) => r.cells.map(cellValue));
      for (const b of BANDS) {
        ctx.fillStyle = b.color;
        ctx.beginPath();
        values.forEach((row, y) => {
          row.forEach((v, x) => {
            if (b.test(v)) ctx.rect(LEFT_PX + x * column, y * ROW_PX, column, ROW_PX);
          });
        });
        ctx.fill();
      }
      ctx.strokeStyle = BORDER;
      ctx.lineWidth = 1;
      ctx.beginPath();
      const right = LEFT_PX + strategies.length * column;
      for (let y = 0; y <= part.length; y++) {
        const at = Math.min(y * ROW_PX + 0.5, part.length * ROW_PX - 0.5);
        ctx.moveTo(LEFT_PX, at);
        ctx.lineTo(right, at);
      }
      for (let x = 0; x <= strategies.length; x++) {
        const at = Math.round(LEFT_PX + x * column) + (x === strategies.length ? -0.5 : 0.5);
        ctx.moveTo(at, 0);
        ctx.lineTo(at, part.length * ROW_PX);
      }
      ctx.stroke();
      ctx.font = `10px ${FONT}`;
      ctx.textAlign = 'center';
      values.forEach((row, y) => {
        row.forEach((v, x) => {
          const mark = band(v).mark;
          if (!mark) return;
          ctx.fillStyle = v === 0 ? '#fff' : '#1d2430';
          ctx.fillText(mark, LEFT_PX + (x + 0.5) * column, (y + 0.5) * ROW_PX);
        });
      });
    };
    axis(canvases[0], true);
    if (below) axis(canvases[tiles + 1], false);
    el.waymarkHeat = {
      rows: rows.map((r) => r.name),
      columns: titles,
      fontSize: 12,
      cell: (x, y) => ({
        mark: band(cellValue(rows[y]?.cells[x] ?? { kind: 'na' })).mark || null,
        centre: [LEFT_PX + (x + 0.5) * column, TOP_PX + (y + 0.5) * ROW_PX],
        size: [column, ROW_PX],
      }),
    };
    // Tiles are drawn as they come near the view: a canvas's pixels are made when it is sized,
    // and making all of a 1,000-row map's (22 million) took ~100 ms of the ~150 ms its drawing
    // took, spent whether or not the map is ever looked at. The box is marked drawn (for the
    // benchmark and the tests) once every tile in or near the view is, each tile once it is.
    const drawn = new Set<number>();
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const t = canvases.indexOf(e.target as HTMLCanvasElement) - 1;
          if (e.isIntersecting && t >= 0 && t < tiles && !drawn.has(t)) {
            tile(t);
            drawn.add(t);
            (e.target as HTMLElement).dataset.drawn = 'true';
          }
        }
        if (drawn.size > 0) el.dataset.drawn = 'true';
      },
      // A screen ahead, above and below: scrolling finds the next tiles drawn.
      { rootMargin: '100% 0px' },
    );
    // Those in view now are drawn at once, not a frame later when the observer first reports.
    const bottomOfView = window.innerHeight;
    canvases.slice(1, tiles + 1).forEach((c, t) => {
      const r = c.getBoundingClientRect();
      if (r.bottom > 0 && r.top < bottomOfView) {
        tile(t);
        drawn.add(t);
        c.dataset.drawn = 'true';
      }
    });
    if (drawn.size > 0) el.dataset.drawn = 'true';
    for (const c of canvases.slice(1, tiles + 1)) io.observe(c);
    return () => io.disconnect();
  }, [rows, titles, strategies, width, minWidth, column, tiles, below, bottom]);

  /** The cell under a point of the map (px from its top left corner), if any. */
  const cellAt = (px: number, py: number) => {
    const x = Math.floor((px - LEFT_PX) / column);
    const y = Math.floor((py - TOP_PX) / ROW_PX);
    return x >= 0 && x < strategies.length && y >= 0 && y < rows.length ? { x, y } : null;
  };
  const pointed = (e: MouseEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return cellAt(e.clientX - r.left, e.clientY - r.top);
  };
  const hovered = hover ? { row: rows[hover.y], s: strategies[hover.x] } : null;
  const cell = hover ? rows[hover.y]?.cells[hover.x] : undefined;

  return (
    <ScrollBox className="heat-scroll" label={`${title} heat map, ${group.label}`}>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the table view offers every cell as a link to the keyboard */}
      <div
        ref={box}
        className="heat-map"
        role="img"
        aria-label={`Heat map of ${strategies.length} ${title} strategies across ${rows.length} workloads (${group.label}); the table view lists every cell`}
        data-testid={`heatmap-${pillar}`}
        style={{ minWidth, cursor: hover ? 'pointer' : undefined }}
        onMouseMove={(e) => {
          const c = pointed(e);
          setHover((h) => (c?.x === h?.x && c?.y === h?.y ? h : c));
        }}
        onMouseLeave={() => setHover(null)}
        onClick={(e) => {
          const c = pointed(e);
          const r = c && rows[c.y];
          const s = c && strategies[c.x];
          if (r && s) navigate(cellHref(r, pillar, s));
        }}
      >
        <canvas style={{ width: Math.max(width, minWidth), height: TOP_PX }} />
        {Array.from({ length: tiles }, (_, t) => (
          <canvas
            // biome-ignore lint/suspicious/noArrayIndexKey: a tile is its place in the map
            key={t}
            style={{
              width: Math.max(width, minWidth),
              height: Math.min(TILE_ROWS, rows.length - t * TILE_ROWS) * ROW_PX,
            }}
          />
        ))}
        {below ? (
          <canvas style={{ width: Math.max(width, minWidth), height: bottom }} />
        ) : (
          <div style={{ height: bottom }} />
        )}
        {hover && hovered?.row && hovered.s && cell ? (
          <>
            <span
              className="heat-outline"
              aria-hidden="true"
              style={{
                left: LEFT_PX + hover.x * column,
                top: TOP_PX + hover.y * ROW_PX,
                width: column,
                height: ROW_PX,
              }}
            />
            <span
              className="heat-tooltip"
              aria-hidden="true"
              // Beside the cell, on the side with more room.
              style={
                hover.x < strategies.length / 2
                  ? { left: LEFT_PX + (hover.x + 1) * column + 8, top: TOP_PX + hover.y * ROW_PX }
                  : {
                      right: Math.max(width, minWidth) - LEFT_PX - hover.x * column + 8,
                      top: TOP_PX + hover.y * ROW_PX,
                    }
              }
            >
              {hovered.row.name}
              <br />
              Level {hovered.s.level}: {hovered.s.title}
              <br />
              {cellText(cell)}
            </span>
          </>
        ) : null}
      </div>
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
