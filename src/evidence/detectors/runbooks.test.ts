import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './runbooks.js';

test('runbooks: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.2.deployment-strategy.emergency-procedure',
    'oe.3.incident-management.playbooks',
  ]);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === 'docs/runbooks/high-latency.md' && l.line === 3),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

ruleTester(detector, [
  {
    name: 'a troubleshooting guide for a crashing pod and a 503 is a low playbook claim',
    files: {
      'docs/troubleshooting.md':
        '# Troubleshooting\n\n## Common problems\n\n### Pod has `STATUS: CrashLoopBackOff`\n\n1. Run `kubectl logs`.\n\n### `503` error in the frontend\n\n1. Check the backend.\n',
    },
    claims: [
      {
        practice: 'oe.3.incident-management.playbooks',
        status: 'partial',
        confidence: 'low',
        at: 'docs/troubleshooting.md:5',
      },
    ],
  },
  {
    name: 'troubleshooting a first deployment or a laptop set-up is not a playbook',
    trap: true,
    files: {
      'troubleshooting.md':
        '# Troubleshooting\n\n## Error: no project exists; run azd init\n\n### Workaround\n\nRun `azd init`.\n\n## BadRequest: subscription is not registered with CDN Provider\n',
      'docs/support/troubleshooting.mdx':
        '## "I ran pnpm i but there seems to be an error with the packages"\n\nDelete node_modules.\n',
    },
    claims: [],
  },
]);
