import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices, runDetector, tempTree } from '../testing.js';
import detector from './healthModel.js';

test('health-model: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.2.monitoring.health-definition',
    'oe.3.health-model.state-alerts',
    'oe.3.health-model.thresholds',
  ]);
  const alerts = positive.find((f) => f.practices.includes('oe.3.health-model.state-alerts'));
  assert.deepEqual(alerts?.locations, [{ file: '.github/workflows/health.yml', line: 10 }]);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === 'waymark.health.yaml' && l.line === 1),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

test('health-model: a model that does not validate counts for little, and names its problem', async () => {
  const root = tempTree({
    'waymark.health.yaml': 'version: 1\nworkload: shop\ncomponents:\n  - id: api\n    colour: red\n',
  });
  const findings = await runDetector(detector, root);
  assert.deepEqual(
    findings.filter((f) => f.present).map((f) => [f.practices, f.confidence, f.locations[0]?.line]),
    [[['oe.2.monitoring.health-definition'], 'low', 4]],
  );
  assert.match(
    findings[0]?.summary ?? '',
    /does not validate: missing required array \(at components\[0\]\.signals\)/,
  );
});
