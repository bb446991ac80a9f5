import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonAnswer } from './jsonAnswer.js';
import { SharedAnswers } from './sharedAnswers.js';

test('requests that arrive while an answer is built share that one build', async () => {
  const shared = new SharedAnswers();
  let builds = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const build = async () => {
    builds += 1;
    await gate;
    return new JsonAnswer({ n: builds });
  };
  const asked = Array.from({ length: 20 }, () => shared.get('team', 3, build));
  release();
  const answers = await Promise.all(asked);
  assert.equal(builds, 1);
  assert.ok(answers.every((a) => a === answers[0]));
  // Held afterwards for the same version; a new version builds again.
  assert.equal(await shared.get('team', 3, build), answers[0]);
  assert.equal(builds, 1);
  await shared.get('team', 4, build);
  assert.equal(builds, 2);
});

test('keys do not share, an older version never replaces a newer one, and a failure is not kept', async () => {
  const shared = new SharedAnswers();
  const a = await shared.get('a', 1, async () => new JsonAnswer('a'));
  const b = await shared.get('b', 1, async () => new JsonAnswer('b'));
  assert.notEqual(a, b);
  const newer = await shared.get('a', 5, async () => new JsonAnswer('a5'));
  const older = await shared.get('a', 4, async () => new JsonAnswer('a4'));
  assert.equal(older.body, '"a4"');
  assert.equal(await shared.get('a', 5, async () => new JsonAnswer('again')), newer);
  await assert.rejects(shared.get('c', 1, async () => Promise.reject(new Error('store down'))));
  assert.equal((await shared.get('c', 1, async () => new JsonAnswer('ok'))).body, '"ok"');
});
