/**
 * The health model as an SVG file: the workload on top, each component a box coloured by its
 * state, arrows from a component to what it depends on and dashed ones from the workload to what
 * rolls up into it. The boxes and arrows are placed by `svgLayout.ts`; this module draws them and
 * a legend that wraps to the drawing's width.
 */
import { InputError } from '../diagnostics/index.js';
import type { HealthGraph } from './graph.js';
import { STATE_COLOURS } from './graph.js';
import {
  type GraphLayout,
  LINE_HEIGHT,
  layoutGraph,
  MARK_ROOM,
  NAME_FONT,
  PAD_X,
  PAD_Y,
  type PlacedBox,
  STATE_FONT,
  SVG_MAX_COMPONENTS,
  stateText,
} from './svgLayout.js';
import { textWidth } from './textWidth.js';

const MARGIN = 20;
const LEGEND_ROW = 22;
const LEGEND_GAP = 18;
const EDGE_COLOUR = '#495057';

export async function renderSvg(graph: HealthGraph): Promise<string> {
  if (graph.components.length > SVG_MAX_COMPONENTS)
    throw new InputError(
      `the SVG graph draws at most ${SVG_MAX_COMPONENTS.toLocaleString('en')} components and this model has ${graph.components.length.toLocaleString('en')}`,
      {},
      'use --format mermaid for a model this size',
    );
  const layout = await layoutGraph(graph);
  const legend = legendItems(graph);
  const legendWidest = Math.max(...legend.map((i) => i.width));
  const width = Math.ceil(Math.max(layout.width, legendWidest + 2 * MARGIN));
  const rows = legendRows(legend, width - 2 * MARGIN);
  const height = Math.ceil(layout.height + rows.length * LEGEND_ROW + MARGIN);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif" font-size="${NAME_FONT}">`,
    `<title>${esc(graph.workload)} health model</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${EDGE_COLOUR}"/></marker></defs>`,
  ];
  drawEdges(out, layout);
  for (const box of layout.boxes) drawBox(out, box);
  drawLegend(out, rows, layout.height);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function drawEdges(out: string[], layout: GraphLayout): void {
  for (const e of layout.edges) {
    const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' ');
    out.push(
      `<path class="edge ${e.kind}" d="${d}" fill="none" stroke="${EDGE_COLOUR}" stroke-width="1.5" marker-end="url(#arrow)"${e.kind === 'rollsUp' ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
  }
}

function drawBox(out: string[], box: PlacedBox): void {
  const colour = STATE_COLOURS[box.state ?? 'none'];
  const workload = box.id === undefined;
  const cx = box.x + box.width / 2;
  // With a mark on the first line, the text is centred in what is left of the box.
  const textX = (line: number) => (box.critical && line === 0 ? cx - MARK_ROOM / 2 : cx);
  out.push(
    `<g class="node state-${box.state ?? 'none'}${box.critical ? ' critical' : ''}" data-id="${workload ? 'workload' : esc(box.id)}">`,
    `<title>${esc(box.name)}${box.critical ? ' (critical)' : ''}: ${stateText(box.state)}</title>`,
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="8" fill="${colour.fill}" stroke="${colour.stroke}" stroke-width="${workload || box.critical ? 3 : 1.5}"/>`,
  );
  box.lines.forEach((line, i) => {
    out.push(
      `<text class="name" x="${textX(i)}" y="${box.y + PAD_Y + (i + 1) * LINE_HEIGHT - 4}" text-anchor="middle" fill="${colour.text}" font-weight="600">${esc(line)}</text>`,
    );
  });
  if (box.critical)
    out.push(
      `<text class="mark" x="${box.x + box.width - PAD_X - MARK_ROOM / 2 + 2}" y="${box.y + PAD_Y + LINE_HEIGHT - 4}" text-anchor="middle" fill="${colour.text}">★</text>`,
    );
  out.push(
    `<text class="state" x="${cx}" y="${box.y + PAD_Y + (box.lines.length + 1) * LINE_HEIGHT - 4}" text-anchor="middle" fill="${colour.text}" font-size="${STATE_FONT}">${esc(stateText(box.state))}</text>`,
    '</g>',
  );
}

interface LegendItem {
  readonly swatch: 'box' | 'solid' | 'dashed' | 'mark';
  readonly state?: keyof typeof STATE_COLOURS;
  readonly label: string;
  readonly width: number;
}

const SWATCH = 22;

function legendItems(graph: HealthGraph): LegendItem[] {
  const item = (swatch: LegendItem['swatch'], label: string, state?: LegendItem['state']): LegendItem => ({
    swatch,
    label,
    width: SWATCH + textWidth(label, NAME_FONT),
    ...(state ? { state } : {}),
  });
  const items = (['healthy', 'degraded', 'unknown', 'unhealthy'] as const).map((s) => item('box', s, s));
  const unevaluated = graph.state === undefined || graph.components.some((c) => c.state === undefined);
  if (unevaluated) items.push(item('box', 'not evaluated', 'none'));
  items.push(
    item('mark', 'critical'),
    item('solid', 'depends on'),
    item('dashed', 'rolls up into the workload'),
  );
  return items;
}

function legendRows(items: readonly LegendItem[], width: number): LegendItem[][] {
  const rows: LegendItem[][] = [[]];
  let used = 0;
  for (const item of items) {
    const row = rows[rows.length - 1] ?? [];
    if (row.length > 0 && used + LEGEND_GAP + item.width > width) {
      rows.push([item]);
      used = item.width;
    } else {
      used += (row.length ? LEGEND_GAP : 0) + item.width;
      row.push(item);
    }
  }
  return rows;
}

function drawLegend(out: string[], rows: readonly LegendItem[][], top: number): void {
  out.push('<g class="legend">');
  rows.forEach((row, r) => {
    const baseline = top + r * LEGEND_ROW + 14;
    let x = MARGIN;
    for (const item of row) {
      const mid = baseline - 4;
      if (item.swatch === 'box') {
        const colour = STATE_COLOURS[item.state ?? 'none'];
        out.push(
          `<rect x="${x}" y="${mid - 6}" width="12" height="12" fill="${colour.fill}" stroke="${colour.stroke}"/>`,
        );
      } else if (item.swatch === 'mark') {
        out.push(`<text x="${x + 6}" y="${baseline}" text-anchor="middle" fill="#212529">★</text>`);
      } else {
        out.push(
          `<line x1="${x}" y1="${mid}" x2="${x + 16}" y2="${mid}" stroke="${EDGE_COLOUR}" stroke-width="1.5"${item.swatch === 'dashed' ? ' stroke-dasharray="4 3"' : ''}/>`,
        );
      }
      out.push(`<text x="${x + SWATCH}" y="${baseline}" fill="#212529">${esc(item.label)}</text>`);
      x += item.width + LEGEND_GAP;
    }
  });
  out.push('</g>');
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
