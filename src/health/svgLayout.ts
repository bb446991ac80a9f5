/**
 * Where each box and arrow of the SVG health graph goes. The layout itself is the Eclipse Layout
 * Kernel's layered algorithm (elkjs): it puts dependents above what they depend on, keeps
 * crossings few, routes edges orthogonally around boxes and gives each edge its own end point on a
 * box. This module only sizes the boxes to their text and reads the result back.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { type GraphNode, type HealthGraph, workloadEdges } from './graph.js';
import type { HealthState } from './schema.js';
import { textWidth, wrapText } from './textWidth.js';

export const NAME_FONT = 13;
export const STATE_FONT = 12;
export const LINE_HEIGHT = 17;
export const PAD_X = 12;
export const PAD_Y = 10;
/** Room kept at the right of a critical box's first line for its mark. */
export const MARK_ROOM = 20;
const MAX_NAME_WIDTH = 220;
const MAX_NAME_LINES = 3;
const MIN_BOX_WIDTH = 110;

/** The SVG lays out at most this many components: 500 take about 2 s, 1,000 about 6 s (bench/health/graph.mjs), and a picture that size says little. */
export const SVG_MAX_COMPONENTS = 500;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedBox {
  /** A component's id, or undefined for the workload itself. */
  readonly id: string | undefined;
  readonly name: string;
  readonly lines: readonly string[];
  readonly state: HealthState | undefined;
  readonly critical: boolean;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  /** Dashed: the workload to what rolls up into it; solid: a component to what it depends on. */
  readonly kind: 'rollsUp' | 'dependsOn';
  readonly points: readonly Point[];
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly PlacedBox[];
  readonly edges: readonly PlacedEdge[];
}

const WORKLOAD_KEY = 'workload';

/**
 * Layered, top down, orthogonal edges. Node placement stays ELK's default (Brandes-Köpf): network
 * simplex placement looked a little tidier but took 8.8 s instead of 1.3 s on 300 components and
 * overflowed the stack on 1,000 (bench/health/graph.mjs).
 */
export const LAYOUT_OPTIONS: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.padding': '[top=20,left=20,bottom=20,right=20]',
  'elk.spacing.nodeNode': '30',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '10',
  'elk.layered.spacing.nodeNodeBetweenLayers': '50',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
};
/**
 * elkjs is 1.6 MB of compiled Java: loaded only when a graph is drawn, so `health eval` and `watch`
 * do not pay for it. It is CommonJS whose types describe an ES module; its constructor is also its
 * own `default`, so `.default.default` reads the same under Node's interop and the CLI bundle's.
 */
async function elk(): Promise<InstanceType<typeof import('elkjs/lib/elk-api.js').default>> {
  const loaded = await import('elkjs/lib/elk.bundled.js');
  return new loaded.default.default();
}

export async function layoutGraph(graph: HealthGraph): Promise<GraphLayout> {
  // Component ids are free text; ELK gets plain numbered keys.
  const key = new Map(graph.components.map((c, i) => [c.id, `c${i}`]));
  const sized = [
    sizeBox(undefined, graph.workload, graph.state, false),
    ...graph.components.map((c: GraphNode) => sizeBox(c.id, c.name, c.state, c.critical)),
  ];
  const children: ElkNode[] = sized.map((b, i) => ({
    id: i === 0 ? WORKLOAD_KEY : `c${i - 1}`,
    width: b.width,
    height: b.height,
    ...(i === 0 ? { layoutOptions: { 'elk.layered.layering.layerConstraint': 'FIRST' } } : {}),
  }));
  const edges: ElkExtendedEdge[] = [];
  for (const c of workloadEdges(graph))
    edges.push({ id: `r${edges.length}`, sources: [WORKLOAD_KEY], targets: [key.get(c.id) ?? ''] });
  for (const c of graph.components)
    for (const d of c.dependsOn)
      edges.push({ id: `d${edges.length}`, sources: [key.get(c.id) ?? ''], targets: [key.get(d) ?? ''] });

  const root: ElkNode = {
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children,
    edges,
  };
  const laid = await (await elk()).layout(root);

  const placed = new Map((laid.children ?? []).map((n) => [n.id, n]));
  const boxes = sized.map((b, i) => {
    const n = placed.get(i === 0 ? WORKLOAD_KEY : `c${i - 1}`);
    return { ...b, x: round(n?.x ?? 0), y: round(n?.y ?? 0) };
  });
  const placedEdges: PlacedEdge[] = (laid.edges ?? []).flatMap((e) =>
    (e.sections ?? []).map((s) => ({
      kind: e.id.startsWith('r') ? ('rollsUp' as const) : ('dependsOn' as const),
      points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({
        x: round(p.x),
        y: round(p.y),
      })),
    })),
  );
  return { width: round(laid.width ?? 0), height: round(laid.height ?? 0), boxes, edges: placedEdges };
}

function sizeBox(
  id: string | undefined,
  name: string,
  state: HealthState | undefined,
  critical: boolean,
): Omit<PlacedBox, 'x' | 'y'> {
  const lines = wrapText(name, NAME_FONT, MAX_NAME_WIDTH - (critical ? MARK_ROOM : 0), MAX_NAME_LINES);
  const widest = Math.max(
    ...lines.map((l, i) => textWidth(l, NAME_FONT) + (critical && i === 0 ? MARK_ROOM : 0)),
    textWidth(stateText(state), STATE_FONT),
  );
  return {
    id,
    name,
    lines,
    state,
    critical,
    width: Math.ceil(Math.max(MIN_BOX_WIDTH, widest + 2 * PAD_X)),
    height: PAD_Y * 2 + (lines.length + 1) * LINE_HEIGHT,
  };
}

export function stateText(state: HealthState | undefined): string {
  return state ?? 'not evaluated';
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
