import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './incidentResponse.js';

test('incident-response: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.2.standard-processes.incident-communication',
    'oe.3.incident-management.on-call',
    'pe.3.alerting.prioritized',
  ]);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'docs/on-call.md' && l.line === 1)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
