/**
 * Deep and wide models: nothing in src/health may recurse along dependsOn or spread a list into
 * arguments, so a 5,001-deep chain is a clear input error and a 100,000-wide model just works.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError, InputErrors } from '../diagnostics/index.js';
import { assertNoStackTrace } from '../testing/fuzz.js';
import { tempDir } from '../testing/index.js';
import { dependencyGraph, MAX_DEPENDENCY_DEPTH } from './dependencies.js';
import { evaluateHealth, reduceSeries } from './evaluate.js';
import { gateVerdict } from './gate.js';
import { graphOf } from './graph.js';
import { renderMermaid } from './mermaid.js';
import { type HealthModel, parseHealthModel } from './modelFile.js';
import { renderHealthText } from './render.js';
import { rollUp } from './rollUp.js';
import { findCycle, healthFileSchema } from './schema.js';
import type { MetricSource } from './sources/types.js';
import { renderSvg } from './svg.js';
import { runHealthCli } from './testSupport/cli.js';

const SIGNAL = '{ id: s, metric: up, unit: x, thresholds: { unhealthy: 1, reason: r } }';

/** c0 depends on c1, … , c(n-2) on c(n-1): n components, n-1 levels of dependsOn. */
function chainYaml(n: number): string {
  const lines = ['version: 1', 'workload: deep', 'source: { values: v.json }', 'components:'];
  for (let i = 0; i < n; i++)
    lines.push(`  - { id: c${i}, ${i + 1 < n ? `dependsOn: [c${i + 1}], ` : ''}signals: [${SIGNAL}] }`);
  return `${lines.join('\n')}\n`;
}

function errorsOf(text: string, file: string): InputError[] {
  try {
    parseHealthModel(text, file, '.');
  } catch (err) {
    if (err instanceof InputErrors) return [...err.errors];
    if (err instanceof InputError) return [err];
    throw err;
  }
  return [];
}

const constantSource = (value: number): MetricSource => ({
  description: 'constant',
  open: () => ({ query: async () => ({ ok: true, series: [{ labels: {}, values: [value] }] }) }),
});

describe('deep dependsOn chains', { timeout: 60_000 }, () => {
  it('a 5,001-component chain is one clear InputError at the top of the chain, not a stack overflow', () => {
    const errors = errorsOf(chainYaml(5001), 'deep.yaml');
    assert.equal(errors.length, 1, errors.map((e) => e.format()).join('\n'));
    const [e] = errors;
    assert.equal(e?.location.file, 'deep.yaml');
    assert.equal(e?.location.line, 5, 'the line of c0, where the chain starts');
    assert.match(
      e?.message ?? '',
      /^dependsOn goes 5,000 levels deep here \(c0 → c1 → c2 → … → c4999 → c5000 \(5,001 in all\)\); at most 1,000 levels are allowed$/,
    );
    assert.ok((e?.format().length ?? 0) < 300, 'the message stays short');
  });

  it(`exactly ${MAX_DEPENDENCY_DEPTH} levels are allowed; one more is not`, () => {
    assert.deepEqual(errorsOf(chainYaml(MAX_DEPENDENCY_DEPTH + 1), 'ok.yaml'), []);
    const [e] = errorsOf(chainYaml(MAX_DEPENDENCY_DEPTH + 2), 'over.yaml');
    assert.match(e?.message ?? '', /goes 1,001 levels deep/);
  });

  it('a 5,001-component cycle is found without recursion and named briefly', () => {
    const ids = Array.from({ length: 5001 }, (_, i) => `c${i}`);
    const cycle = findCycle(ids.map((id, i) => ({ id, dependsOn: [ids[(i + 1) % ids.length] ?? ''] })));
    assert.equal(cycle?.length, 5002);
    assert.equal(cycle?.[0], cycle?.at(-1));
    const text = chainYaml(5001).replace(/(id: c5000, )/, '$1dependsOn: [c0], ');
    const [e] = errorsOf(text, 'loop.yaml');
    assert.match(e?.message ?? '', /^dependency cycle: c0 → c1 → c2 → … → c5000 → c0 \(5,002 in all\)$/);
  });

  it('roll-up, SVG and Mermaid walk a 5,001 chain built in code (no validation in front)', async () => {
    const n = 5001;
    const components = Array.from({ length: n }, (_, i) => ({
      id: `c${i}`,
      critical: i === 0,
      dependsOn: i + 1 < n ? [`c${i + 1}`] : [],
      signals: [{ id: 's', state: i === n - 1 ? ('unhealthy' as const) : ('healthy' as const) }],
    }));
    const r = rollUp(components, {
      nonCritical: 'degraded',
      unknown: 'unknown',
      dependencyUnhealthy: 'unhealthy',
    });
    assert.equal(r.state, 'unhealthy', 'the bottom of the chain reaches the critical top');
    assert.equal(r.components.get('c0')?.decidedBy?.id, 'c1');
    const graph = { workload: 'deep', components: components.map((c) => ({ ...c, name: c.id })) };
    // The SVG draws up to 500 components: its first 300 levels are one row each.
    const top = graph.components
      .slice(0, 300)
      .map((c, i) => ({ ...c, dependsOn: i < 299 ? c.dependsOn : [] }));
    const svg = await renderSvg({ workload: 'deep', components: top });
    const y = (id: string) =>
      Number(
        new RegExp(`data-id="${id}">\\n<title>[^<]*</title>\\n<rect x="[^"]+" y="([^"]+)"`).exec(svg)?.[1],
      );
    assert.ok(y('c299') > y('c298') && y('c1') > y('c0') && y('c0') > y('workload'), 'one row per level');
    assert.match(renderMermaid(graph), /c4999 -->\|depends on\| c5000\n/);
    assert.throws(
      () => rollUp([{ id: 'a', critical: false, dependsOn: ['a'], signals: [] }]),
      /cycle through a → a/,
    );
  });

  it('health eval and health graph exit 2 naming the file, without a stack trace', async () => {
    const dir = tempDir('waymark-health-deep-');
    writeFileSync(join(dir, 'waymark.health.yaml'), chainYaml(5001));
    writeFileSync(join(dir, 'v.json'), '{}');
    for (const args of [['eval'], ['graph', '--format', 'svg']]) {
      const r = await runHealthCli(args, dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assertNoStackTrace(r);
      assert.match(r.stderr, /^waymark: waymark\.health\.yaml:5:\d+: dependsOn goes 5,000 levels deep/);
    }
  });
});

describe('a 100,000-wide model', { timeout: 120_000 }, () => {
  // 100,000 components that all depend on `db` (fan-in), and `root` depends on all of them (fan-out).
  const width = 100_000;
  const wide = Array.from({ length: width }, (_, i) => `w${i}`);
  const signals = [{ id: 's', metric: 'up', unit: 'x', thresholds: { unhealthy: 1, reason: 'r' } }];
  const data = {
    version: 1,
    workload: 'wide',
    components: [
      { id: 'root', critical: true, dependsOn: wide, signals },
      ...wide.map((id) => ({ id, dependsOn: ['db'], signals })),
      { id: 'db', signals },
    ],
  };

  it('validates, evaluates, rolls up, gates and draws in linear time', async () => {
    const t0 = Date.now();
    const parsed = healthFileSchema.safeParse(data);
    assert.ok(parsed.success, parsed.error?.message.slice(0, 500));
    const model: HealthModel = { ...parsed.data, file: 'wide.yaml', baseDir: '.' };
    const graph = dependencyGraph(model.components);
    assert.equal(graph.order.length, width + 2);
    assert.equal(graph.height[0], 2, 'root → w* → db');
    const report = await evaluateHealth(model, { source: constantSource(0) });
    assert.equal(report.state, 'healthy');
    assert.equal(report.components.length, width + 2);
    assert.equal(gateVerdict(report).outcome, 'pass');
    const unhealthy = await evaluateHealth(model, { source: constantSource(5) });
    assert.equal(unhealthy.state, 'unhealthy');
    const text = renderHealthText(report);
    assert.match(text, /^wide: HEALTHY — all 100002 components healthy\n/);
    const drawn = graphOf(model, report);
    await assert.rejects(
      renderSvg(drawn),
      /the SVG graph draws at most 500 components and this model has 100,002/,
    );
    const mermaid = renderMermaid(drawn);
    assert.equal(mermaid.match(/-->\|depends on\|/g)?.length, 2 * width);
    assert.ok(Date.now() - t0 < 60_000, `took ${Date.now() - t0} ms`);
  });

  it('an unknown dependency in a wide model names a few known ids, not 100,000', () => {
    const broken = { ...data, components: [...data.components, { id: 'x', dependsOn: ['nope'], signals }] };
    const parsed = healthFileSchema.safeParse(broken);
    assert.ok(!parsed.success);
    const message = parsed.error.issues[0]?.message ?? '';
    assert.match(message, /^unknown component "nope"; known: root, w0, w1, .*… \(100,003 in all\)$/);
    assert.ok(message.length < 250, `${message.length} characters`);
  });

  it('reduces 200,000 series or points without spreading them into arguments', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => ({ labels: { i: String(i) }, values: [i] }));
    assert.deepEqual(reduceSeries(many, 'max', 'last'), { value: 199_999 });
    assert.deepEqual(reduceSeries(many, 'min', 'last'), { value: 0 });
    const long = [{ labels: {}, values: many.map((s) => s.values[0] ?? 0) }];
    assert.deepEqual(reduceSeries(long, undefined, 'max'), { value: 199_999 });
    assert.deepEqual(reduceSeries(long, undefined, 'min'), { value: 0 });
  });
});
