import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './oidcLogin.js';

test('oidc-login: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), ['oe.1.security.single-identity-provider']);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === '.github/workflows/deploy.yml' && l.line === 13),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
