// Drawing the SVG health graph of 100, 300 and 500 components (the largest it draws), against
// the layout engine alone on the same boxes and edges in the same run (the floor: elkjs' layered
// layout, no text sizing, no SVG). The models are layered DAGs like real ones: a few entry
// services, each depending on two or three below it, a tenth critical.
//   npm run build && node bench/health/graph.mjs        (BENCH_RUNS, default 5)
import os from 'node:os';
import ELK from 'elkjs/lib/elk.bundled.js';

const { renderSvg } = await import(new URL('../../dist/src/health/svg.js', import.meta.url).href);
const { LAYOUT_OPTIONS } = await import(new URL('../../dist/src/health/svgLayout.js', import.meta.url).href);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function model(n) {
  let seed = 7;
  const rand = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const components = Array.from({ length: n }, (_, i) => ({
    id: `component-${i}`,
    name: i % 4 === 0 ? `Service ${i} with a longer descriptive name` : `svc-${i}`,
    critical: i % 10 === 0,
    dependsOn: [],
    state: ['healthy', 'degraded', 'unknown'][i % 3],
  }));
  for (let i = 0; i < n; i++) {
    const fan = 2 + Math.floor(rand() * 2);
    for (let k = 0; k < fan; k++) {
      const j = i + 1 + Math.floor(rand() * Math.min(40, n - i));
      const dep = components[j];
      if (dep && !components[i].dependsOn.includes(dep.id)) components[i].dependsOn.push(dep.id);
    }
  }
  return { workload: 'bench', state: 'degraded', components };
}

function elkInput(graph) {
  const children = [
    { id: 'w', width: 160, height: 61 },
    ...graph.components.map((c) => ({ id: c.id, width: 160, height: 61 })),
  ];
  const edges = [];
  for (const c of graph.components)
    for (const d of c.dependsOn) edges.push({ id: `e${edges.length}`, sources: [c.id], targets: [d] });
  const depended = new Set(graph.components.flatMap((c) => c.dependsOn));
  for (const c of graph.components)
    if (c.critical || !depended.has(c.id))
      edges.push({ id: `e${edges.length}`, sources: ['w'], targets: [c.id] });
  return {
    id: 'root',
    layoutOptions: { ...LAYOUT_OPTIONS },
    children,
    edges,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const n of (process.env.BENCH_SIZES ?? '100,300,500').split(',').map(Number)) {
  const graph = model(n);
  const svgTimes = [];
  const floorTimes = [];
  let bytes = 0;
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now();
    await new ELK().layout(elkInput(graph));
    floorTimes.push(performance.now() - t);
    t = performance.now();
    bytes = (await renderSvg(graph)).length;
    svgTimes.push(performance.now() - t);
  }
  const svg = median(svgTimes);
  const floor = median(floorTimes);
  rows.push(
    `| ${n} | ${graph.components.reduce((s, c) => s + c.dependsOn.length, 0)} | ${svg.toFixed(0)} ms | ${floor.toFixed(0)} ms | ${(svg / floor).toFixed(2)}× | ${(bytes / 1024).toFixed(0)} KB |`,
  );
}
console.log(
  `health graph --format svg, ${os.cpus().length} cores, ${os.cpus()[0]?.model}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, median of ${RUNS}\n`,
);
console.log('| components | dependencies | SVG (layout + drawing) | elkjs layout alone | ratio | SVG size |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
