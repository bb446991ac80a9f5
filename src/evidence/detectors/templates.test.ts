import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './templates.js';

test('templates: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.1.methodology.work-tracking',
    'oe.2.standard-processes.problem-tracking',
    'oe.4.safe-deployment.change-tests',
  ]);
  assert.ok(
    positive.some(
      (f) =>
        f.present && f.locations.some((l) => l.file === '.github/pull_request_template.md' && l.line === 3),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

ruleTester(detector, [
  {
    name: 'a single .github/ISSUE_TEMPLATE.md that asks for a bug report',
    files: {
      '.github/ISSUE_TEMPLATE.md':
        '## This issue is a:\n- [ ] bug report\n- [ ] feature request\n\n### Steps to reproduce\n',
    },
    claims: [
      { practice: 'oe.1.methodology.work-tracking', status: 'partial', at: '.github/ISSUE_TEMPLATE.md' },
      {
        practice: 'oe.2.standard-processes.problem-tracking',
        status: 'met',
        at: '.github/ISSUE_TEMPLATE.md',
      },
    ],
  },
  {
    name: 'an issue template deep in the tree, and a question-only template, are not problem tracking',
    trap: true,
    files: {
      'src/vendor/lib/.github/ISSUE_TEMPLATE.md': '- [ ] bug report\n',
      'docs/ISSUE_TEMPLATE.md': 'Ask your question here. Please be kind.\n',
    },
    claims: [{ practice: 'oe.1.methodology.work-tracking', status: 'partial', at: 'docs/ISSUE_TEMPLATE.md' }],
  },
]);
