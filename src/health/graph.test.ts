import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../testing/index.js';
import { evaluateHealth } from './evaluate.js';
import { graphOf } from './graph.js';
import { renderMermaid } from './mermaid.js';
import { loadHealthModel } from './modelFile.js';
import { jsonValuesSource } from './sources/index.js';
import { renderSvg } from './svg.js';

const FIX = join(REPO_ROOT, 'test/fixtures/health');
const model = loadHealthModel(join(FIX, 'waymark.health.yaml'));

describe('graphs', () => {
  it('Mermaid: the workload points at entry components, dependencies are edges, classes follow states', async () => {
    const report = await evaluateHealth(model, { source: jsonValuesSource(join(FIX, 'values.json')) });
    const text = renderMermaid(graphOf(model, report));
    assert.match(text, /^flowchart TD\n/);
    assert.match(text, /workload\(\["payments<br\/>healthy"\]\)/);
    assert.match(text, /c0\["Payments API ★<br\/>healthy"\]/);
    assert.match(text, /workload --> c0\n/);
    assert.doesNotMatch(text, /workload --> c1/, 'db is reached through api');
    assert.match(text, /c0 -->\|depends on\| c1\n {2}c0 -->\|depends on\| c2/);
    assert.match(text, /class c2 healthy/);
    assert.match(renderMermaid(graphOf(model)), /class c0 none/);
  });

  it('SVG: one coloured box per component below the workload, escaped text', () => {
    const graph = {
      workload: 'a<b',
      state: 'unhealthy' as const,
      components: [
        { id: 'api', name: 'API', critical: true, dependsOn: ['db'], state: 'degraded' as const },
        { id: 'db', name: 'DB & co', critical: false, dependsOn: [], state: 'unhealthy' as const },
      ],
    };
    const svg = renderSvg(graph);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal(svg.match(/<g class="node /g)?.length, 3);
    assert.match(
      svg,
      /<g class="node state-unhealthy" data-id="db">\n<rect x="\d+(\.\d+)?" y="(\d+)"[^>]*fill="#ffe3e3"/,
    );
    const y = (id: string) =>
      Number(new RegExp(`data-id="${id}">\\n<rect x="[^"]+" y="(\\d+)"`).exec(svg)?.[1]);
    assert.ok(y('workload') < y('api') && y('api') < y('db'), 'dependencies sit below their dependents');
    assert.match(svg, /a&lt;b/);
    assert.match(svg, /DB &amp; co/);
    assert.doesNotMatch(svg, /DB & co/);
  });
});
