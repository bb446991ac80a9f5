import { type HealthGraph, STATE_COLOURS, workloadEdges } from './graph.js';

/** A Mermaid flowchart: workload on top, arrows from each component to what it depends on,
 * dotted arrows from the workload to what rolls up into it. */
export function renderMermaid(graph: HealthGraph): string {
  const ids = new Map(graph.components.map((c, i) => [c.id, `c${i}`]));
  const label = (text: string) => text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  const lines = ['flowchart TD'];
  lines.push(`  workload(["${label(graph.workload)}${graph.state ? `<br/>${graph.state}` : ''}"])`);
  for (const c of graph.components) {
    const text = `${label(c.name)}${c.critical ? ' ★' : ''}${c.state ? `<br/>${c.state}` : ''}`;
    lines.push(`  ${ids.get(c.id)}["${text}"]`);
  }
  for (const c of workloadEdges(graph)) lines.push(`  workload -.-> ${ids.get(c.id)}`);
  for (const c of graph.components)
    for (const d of c.dependsOn) lines.push(`  ${ids.get(c.id)} -->|depends on| ${ids.get(d)}`);
  for (const [state, colour] of Object.entries(STATE_COLOURS))
    lines.push(`  classDef ${state} fill:${colour.fill},stroke:${colour.stroke},color:${colour.text}`);
  lines.push(`  class workload ${graph.state ?? 'none'}`);
  for (const c of graph.components) lines.push(`  class ${ids.get(c.id)} ${c.state ?? 'none'}`);
  return `${lines.join('\n')}\n`;
}
