/**
 * A small hand-written SVG of the health model, so no chart library is needed: the workload on
 * top, then components in layers by how far they sit below it, each box coloured by its state.
 */
import { dependencyGraph } from './dependencies.js';
import { entryPoints, type GraphNode, type HealthGraph, STATE_COLOURS } from './graph.js';

const BOX_W = 180;
const BOX_H = 50;
const GAP_X = 30;
const GAP_Y = 60;
const MARGIN = 20;

export function renderSvg(graph: HealthGraph): string {
  const depth = layers(graph);
  const rows: GraphNode[][] = [];
  for (const c of graph.components) {
    const d = depth.get(c.id) ?? 1;
    const row = rows[d] ?? [];
    row.push(c);
    rows[d] = row;
  }
  let widest = 1;
  for (const r of rows) widest = Math.max(widest, r?.length ?? 0);
  const width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X;
  const height = MARGIN * 2 + rows.length * (BOX_H + GAP_Y) + 30;
  const pos = new Map<string, { x: number; y: number }>();
  const place = (row: number, i: number, n: number) => ({
    x: (width - (n * BOX_W + (n - 1) * GAP_X)) / 2 + i * (BOX_W + GAP_X),
    y: MARGIN + row * (BOX_H + GAP_Y),
  });
  pos.set('\u0000workload', place(0, 0, 1));
  rows.forEach((r, row) => {
    r?.forEach((c, i) => {
      pos.set(c.id, place(row, i, r.length));
    });
  });

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13">`,
    `<title>${esc(graph.workload)} health model</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#495057"/></marker></defs>',
  ];
  const edge = (from: string, to: string, dashed: boolean) => {
    const a = pos.get(from);
    const b = pos.get(to);
    if (!a || !b) return;
    out.push(
      `<line x1="${a.x + BOX_W / 2}" y1="${a.y + BOX_H}" x2="${b.x + BOX_W / 2}" y2="${b.y}" stroke="#495057" stroke-width="1.5" marker-end="url(#arrow)"${dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
  };
  for (const c of entryPoints(graph)) edge('\u0000workload', c.id, true);
  for (const c of graph.components) for (const d of c.dependsOn) edge(c.id, d, false);
  const box = (key: string, title: string, state: string | undefined, strong: boolean) => {
    const p = pos.get(key);
    if (!p) return;
    const colour = STATE_COLOURS[(state ?? 'none') as keyof typeof STATE_COLOURS] ?? STATE_COLOURS.none;
    out.push(
      `<g class="node state-${state ?? 'none'}" data-id="${esc(key.replace('\u0000', ''))}">`,
      `<rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="${colour.fill}" stroke="${colour.stroke}" stroke-width="${strong ? 3 : 1.5}"/>`,
      `<text x="${p.x + BOX_W / 2}" y="${p.y + 21}" text-anchor="middle" fill="${colour.text}" font-weight="600">${esc(truncate(title, 24))}</text>`,
      `<text x="${p.x + BOX_W / 2}" y="${p.y + 39}" text-anchor="middle" fill="${colour.text}">${esc(state ?? 'not evaluated')}</text>`,
      '</g>',
    );
  };
  box('\u0000workload', graph.workload, graph.state, true);
  for (const c of graph.components) box(c.id, `${c.name}${c.critical ? ' ★' : ''}`, c.state, c.critical);
  const legendY = height - MARGIN;
  let x = MARGIN;
  for (const state of ['healthy', 'degraded', 'unknown', 'unhealthy'] as const) {
    const colour = STATE_COLOURS[state];
    out.push(
      `<rect x="${x}" y="${legendY - 11}" width="12" height="12" fill="${colour.fill}" stroke="${colour.stroke}"/>`,
      `<text x="${x + 16}" y="${legendY}" fill="#212529">${state}</text>`,
    );
    x += 90;
  }
  out.push(`<text x="${x}" y="${legendY}" fill="#212529">★ critical</text>`, '</svg>');
  return `${out.join('\n')}\n`;
}

/** Row of each component: 1 below the workload for entry points, then one more per dependency hop (longest path). */
function layers(graph: HealthGraph): Map<string, number> {
  const deps = dependencyGraph(graph.components);
  const row = graph.components.map(() => 1);
  // Dependents before what they depend on: walk the dependencies-first order backwards.
  for (let k = deps.order.length - 1; k >= 0; k--) {
    const i = deps.order[k] ?? 0;
    for (const p of deps.dependents[i] ?? []) row[i] = Math.max(row[i] ?? 1, (row[p] ?? 1) + 1);
  }
  // A cycle cannot reach here from a validated model; its components stay in row 1.
  return new Map(graph.components.map((c, i) => [c.id, row[i] ?? 1]));
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
