import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './codeowners.js';

test('codeowners: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.1.source-control.branch-protection',
    'oe.1.source-control.team-ownership',
    'oe.2.roles.decision-owners',
  ]);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === '.github/CODEOWNERS' && l.line === 2),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

test('codeowners: no CODEOWNERS is a low-confidence absence; a CODEOWNERS without owners too', async () => {
  const { runDetector, tempTree } = await import('../testing.js');
  const cases: Record<string, string>[] = [{ 'README.md': 'x' }, { CODEOWNERS: '# nobody yet\n' }];
  for (const files of cases) {
    const found = await runDetector(detector, tempTree(files));
    assert.deepEqual(
      found.map((x) => [x.present, x.confidence]),
      [[false, 'low']],
    );
  }
});
