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
    assert.match(text, /workload -\.-> c0\n/);
    assert.match(
      text,
      /workload -\.-> c1\n/,
      'db is critical: it rolls up into the workload though api depends on it',
    );
    assert.doesNotMatch(text, /workload -\.-> c2/, 'the cache is reached through api only');
    assert.match(text, /c0 -->\|depends on\| c1\n {2}c0 -->\|depends on\| c2/);
    assert.match(text, /class c2 healthy/);
    assert.match(renderMermaid(graphOf(model)), /class c0 none/);
  });

  it('SVG: one coloured box per component below the workload, escaped text', async () => {
    const graph = {
      workload: 'a<b',
      state: 'unhealthy' as const,
      components: [
        { id: 'api', name: 'API', critical: true, dependsOn: ['db'], state: 'degraded' as const },
        { id: 'db', name: 'DB & co', critical: false, dependsOn: [], state: 'unhealthy' as const },
      ],
    };
    const svg = await renderSvg(graph);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal(svg.match(/<g class="node /g)?.length, 3);
    assert.match(
      svg,
      /<g class="node state-unhealthy" data-id="db">\n<title>DB &amp; co: unhealthy<\/title>\n<rect x="[\d.]+" y="[\d.]+"[^>]*fill="#ffe3e3"/,
    );
    assert.match(svg, /<g class="node state-degraded critical" data-id="api">/);
    const y = (id: string) =>
      Number(
        new RegExp(`data-id="${id}">\\n<title>[^<]*</title>\\n<rect x="[^"]+" y="([^"]+)"`).exec(svg)?.[1],
      );
    assert.ok(y('workload') < y('api') && y('api') < y('db'), 'dependencies sit below their dependents');
    assert.match(svg, /a&lt;b/);
    assert.match(svg, /DB &amp; co/);
    assert.doesNotMatch(svg, /DB & co/);
    assert.equal(
      svg.match(/class="edge rollsUp"/g)?.length,
      1,
      'the workload points at the critical api only',
    );
    assert.equal(svg.match(/class="edge dependsOn"/g)?.length, 1);
  });

  it('SVG: a long name wraps onto lines that fit its box, and the critical mark stays in the box', async () => {
    const name = 'Customer identity and access management gateway (primary region)';
    const svg = await renderSvg({
      workload: 'w',
      components: [{ id: 'idp', name, critical: true, dependsOn: [] }],
    });
    const lines = [...svg.matchAll(/<text class="name"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
    assert.ok(lines.length >= 3, lines.join(' | '));
    const joined = lines.slice(1).join(' ');
    assert.ok(joined === name || name.startsWith(joined.replace(/…$/, '')), joined);
    assert.match(svg, /<text class="mark"[^>]*>★<\/text>/);
    assert.match(
      svg,
      new RegExp(`<title>${name.replace(/[()]/g, '\\$&')} \\(critical\\): not evaluated</title>`),
    );
  });

  it('SVG: refuses a model too large to draw, pointing at Mermaid', async () => {
    const components = Array.from({ length: 501 }, (_, i) => ({
      id: `c${i}`,
      name: `c${i}`,
      critical: false,
      dependsOn: [],
    }));
    await assert.rejects(renderSvg({ workload: 'big', components }), (e: Error) => {
      assert.match(e.message, /^the SVG graph draws at most 500 components and this model has 501$/);
      return true;
    });
  });
});
