import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runDetector, tempTree } from '../testing.js';
import detector from './actionsPinned.js';

const WF = (uses: string[]) =>
  `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${uses.map((u) => `      - uses: ${u}\n`).join('')}`;

test('actions-pinned: every third-party action pinned to a SHA is reported as present', async () => {
  const root = tempTree({
    '.github/workflows/a.yml': WF([
      'actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11',
      './local-action',
      'docker://alpine:3',
    ]),
  });
  const found = await runDetector(detector, root);
  assert.deepEqual(
    found.map((x) => [x.present, x.confidence, x.locations]),
    [[true, 'high', [{ file: '.github/workflows/a.yml', line: 6 }]]],
  );
});

test('actions-pinned: tags and branches are reported as unpinned, local actions ignored', async () => {
  const root = tempTree({
    '.github/workflows/a.yml': WF([
      './local-action',
      'actions/checkout@v4',
      '"actions/cache@0c45773b623bea8c8e75f6c82b208c3cf94ea4f9"',
    ]),
  });
  const [finding] = await runDetector(detector, root);
  assert.equal(finding?.present, false);
  assert.deepEqual(finding?.locations, [{ file: '.github/workflows/a.yml', line: 7 }]);
  assert.match(finding?.summary ?? '', /1 of 2/);
});

test('actions-pinned: says nothing without workflows, or for uses: in other YAML', async () => {
  assert.deepEqual(await runDetector(detector, tempTree({ 'docs/a.yml': WF(['actions/checkout@v4']) })), []);
});
