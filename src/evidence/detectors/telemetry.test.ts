import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './telemetry.js';

test('telemetry: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.2.monitoring.central-telemetry',
    'pe.2.code.instrumented',
    'pe.2.monitoring.app-metrics',
    'pe.2.monitoring.tracing',
  ]);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'package.json' && l.line === 4)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
