import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './adrs.js';

test('adrs: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.2.roles.decision-records',
    'pe.1.networking.topology',
    'pe.2.patterns.justified',
  ]);
  assert.ok(
    positive.some(
      (f) =>
        f.present && f.locations.some((l) => l.file === 'docs/adr/0001-use-redis-cache.md' && l.line === 3),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

const ADR = (title: string, body: string) =>
  `# ${title}\n\n## Status\n\nAccepted\n\n## Context\n\n${body}\n\n## Decision\n\nSee above.\n\n## Consequences\n\nNone yet.\n`;

ruleTester(detector, [
  {
    name: 'records weighing compute services and data stores against each other',
    files: {
      'docs/decisions/2021-03-serverless.md': ADR(
        'Run the website on Cloud Run',
        'We compared Compute Engine, GKE and Cloud Run for bursty traffic.',
      ),
      'docs/decisions/2021-10-sessions.md': ADR(
        'Keep sessions in Cloud Storage',
        'Firestore and Memorystore were considered; Cloud Storage is cheaper for this access pattern.',
      ),
    },
    claims: [
      { practice: 'oe.2.roles.decision-records', status: 'met' },
      { practice: 'pe.1.compute.selection', status: 'met', at: 'docs/decisions/2021-03-serverless.md:3' },
      { practice: 'pe.1.data.fit', status: 'met', at: 'docs/decisions/2021-10-sessions.md:3' },
    ],
  },
  {
    name: 'a record naming one service, and a README comparing services, choose nothing',
    trap: true,
    files: {
      'docs/adr/0002-use-cloud-run.md': ADR('Use Cloud Run', 'Cloud Run runs our containers.'),
      'README.md': 'We compared GKE, Cloud Run and App Engine; Firestore and Cloud SQL too.\n',
    },
    claims: [{ practice: 'oe.2.roles.decision-records', status: 'met', confidence: 'medium' }],
  },
]);
