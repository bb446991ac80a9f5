import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './cloudformation.js';

test('cloudformation: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), ['oe.1.iac.declarative', 'oe.1.iac.mainstream-tooling']);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'template.yaml' && l.line === 1)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

ruleTester(detector, [
  {
    name: 'a SAM template in JSON',
    files: {
      'template.json':
        '{\n  "Transform": "AWS::Serverless-2016-10-31",\n  "Resources": {\n    "Fn": { "Type": "AWS::Serverless::Function", "Properties": {} }\n  }\n}\n',
    },
    claims: [
      { practice: 'oe.1.iac.declarative', status: 'met', confidence: 'high', at: 'template.json:4' },
      { practice: 'oe.1.iac.mainstream-tooling', status: 'met' },
    ],
  },
  {
    name: 'AWS types in a README, in a commented-out resource and in a YAML without Resources',
    trap: true,
    files: {
      'README.md': 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n',
      'infra/stack.yaml': 'Resources:\n  # Bucket:\n  #   Type: AWS::S3::Bucket\n',
      'config/types.yaml': 'mapping:\n  Type: AWS::S3::Bucket\n',
    },
    claims: [],
  },
]);
