import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './structuredLogging.js';

test('structured-logging: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), ['oe.2.monitoring.central-telemetry']);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'requirements.txt' && l.line === 2)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
