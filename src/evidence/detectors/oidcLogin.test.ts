import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
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

const AZD_LOGIN = `on: [push]
permissions:
  id-token: write
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      AZURE_CREDENTIALS: \${{ secrets.AZURE_CREDENTIALS }}
    steps:
      - name: Log in with federated credentials
        if: \${{ env.AZURE_CREDENTIALS == '' }}
        run: azd auth login --client-id "$AZURE_CLIENT_ID" --federated-credential-provider "github"
      - name: Log in with a client secret
        if: \${{ env.AZURE_CREDENTIALS != '' }}
        run: azd auth login --client-secret "$SECRET"
`;

ruleTester(detector, [
  {
    name: 'azd signs in with federated credentials and keeps a client secret as a fallback: low',
    files: { '.github/workflows/azure-dev.yml': AZD_LOGIN },
    claims: [
      {
        practice: 'oe.1.security.single-identity-provider',
        status: 'partial',
        at: ['.github/workflows/azure-dev.yml:13', '.github/workflows/azure-dev.yml:9'],
      },
    ],
  },
  {
    name: 'a client secret alone, with a comment about federated credentials, is a stored secret',
    trap: true,
    files: {
      '.github/workflows/deploy.yml':
        'on: [push]\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      # TODO: move to --federated-credential-provider\n      - uses: azure/login@v2\n        with:\n          creds: ${{ secrets.AZURE_CREDENTIALS }}\n',
    },
    claims: [{ practice: 'oe.1.security.single-identity-provider', status: 'not-met' }],
  },
]);
