import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError, InputErrors } from '../diagnostics/index.js';
import { REPO_ROOT } from '../testing/index.js';
import { parseHealthModel, validateHealthModelText } from './modelFile.js';
import { findCycle } from './schema.js';

const FIX = join(REPO_ROOT, 'test/fixtures/health');
const read = (name: string) => readFileSync(join(FIX, name), 'utf8');

function errorsOf(text: string, file = 'm.yaml'): InputError[] {
  try {
    parseHealthModel(text, file);
  } catch (err) {
    if (err instanceof InputErrors) return [...err.errors];
    if (err instanceof InputError) return [err];
    throw err;
  }
  assert.fail('expected the model to be rejected');
}

describe('health model file', () => {
  it('reads the fixture model with defaults filled in', () => {
    const m = parseHealthModel(read('waymark.health.yaml'), join(FIX, 'waymark.health.yaml'));
    assert.equal(m.workload, 'payments');
    assert.deepEqual(
      m.components.map((c) => [c.id, c.critical, c.dependsOn]),
      [
        ['api', true, ['db', 'cache']],
        ['db', true, []],
        ['cache', false, []],
      ],
    );
    assert.equal(m.source?.timeout, 2000);
    assert.equal(m.components[2]?.signals[0]?.thresholds.direction, 'below');
    assert.equal(m.components[0]?.signals[0]?.thresholds.direction, 'above', 'direction defaults to above');
    assert.equal(m.baseDir, FIX);
  });

  it('reports every mistake with its line', () => {
    const errors = errorsOf(read('bad-fields.yaml'), 'bad-fields.yaml');
    const lines = errors.map((e) => `${e.location.line}: ${e.message}`);
    assert.ok(
      lines.some((l) => /^18: unknown key "treshold"/.test(l)),
      lines.join('\n'),
    );
    const reason = errors.find((e) => e.location.path === 'components[0].signals[1].thresholds.reason');
    assert.equal(reason?.location.line, 19, 'a missing key points at its parent');
    assert.match(
      reason?.format() ?? '',
      /missing required string \(at components\[0\]\.signals\[1\]\.thresholds\.reason\)/,
    );
    assert.ok(errors.every((e) => e.location.file === 'bad-fields.yaml'));
  });

  it('rejects inverted thresholds, both query and metric, and unknown dependencies', () => {
    const text = read('bad-fields.yaml').replace(/\n\s+- id: errors[\s\S]*$/, '\n');
    const lines = errorsOf(text).map((e) => `${e.location.line}: ${e.message}`);
    assert.ok(
      lines.some((l) => /^13: unhealthy \(1\) must not be below degraded \(2\)/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /^7: give either query/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /^5: unknown component "databse"; known: api/.test(l)),
      lines.join('\n'),
    );
  });

  it('names a dependency cycle and points at the edge that closes it', () => {
    const [e, ...rest] = errorsOf(read('bad-cycle.yaml'));
    assert.equal(rest.length, 0);
    assert.match(e?.message ?? '', /dependency cycle: a → b → c → a/);
    assert.equal(e?.location.line, 13);
  });

  it('finds cycles and only cycles', () => {
    assert.equal(
      findCycle([
        { id: 'a', dependsOn: ['b'] },
        { id: 'b', dependsOn: [] },
      ]),
      undefined,
    );
    assert.deepEqual(
      findCycle([
        { id: 'a', dependsOn: ['b'] },
        { id: 'b', dependsOn: ['a'] },
      ]),
      ['a', 'b', 'a'],
    );
  });

  it('rejects durations that are not durations and a bad source', () => {
    const text = `version: 1\nworkload: w\nsource:\n  prometheus: localhost:9090\n  timeout: soon\ncomponents:\n  - id: a\n    signals:\n      - { id: s, metric: up, unit: x, window: 5q, thresholds: { unhealthy: 1, reason: r } }\n`;
    const lines = errorsOf(text).map((e) => `${e.location.line}: ${e.message}`);
    assert.ok(
      lines.some((l) => /^4: expected an http\(s\) URL/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /^5: "soon" is not a duration/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /^9: "5q" is not a duration/.test(l)),
      lines.join('\n'),
    );
  });

  it('validateHealthModelText answers without throwing, for the evidence scanner', () => {
    const ok = validateHealthModelText(read('waymark.health.yaml'), 'waymark.health.yaml');
    assert.deepEqual(ok, { valid: true, problems: [], workload: 'payments', components: 3, signals: 4 });
    const bad = validateHealthModelText(read('bad-cycle.yaml'), 'x/waymark.health.yaml');
    assert.equal(bad.valid, false);
    assert.equal(bad.problems[0]?.file, 'x/waymark.health.yaml');
    assert.equal(bad.problems[0]?.line, 13);
    const broken = validateHealthModelText('version: 1\n  bad: [', 'y.yaml');
    assert.equal(broken.valid, false);
    assert.match(broken.problems[0]?.message ?? '', /invalid YAML/);
  });
});
