import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envOf, perEnvironment } from './helpers.js';

const spec = (low: boolean) => ({
  practice: 'oe.1.iac.parameterized-environments',
  what: 'variable files',
  path: (f: string) => f,
  env: (f: string) => envOf(f),
  ...(low ? { notPerEnvironment: (f: string) => ({ file: f }) } : {}),
});

test('per-environment files: high with two environments, low without, nothing when that says nothing', () => {
  const two = perEnvironment(['infra/dev.tfvars', 'infra/prod.tfvars', 'infra/prod2.tfvars'], spec(true));
  assert.deepEqual(
    two.map((f) => [f.confidence, f.summary, f.locations]),
    [['high', 'variable files for dev, prod', [{ file: 'infra/dev.tfvars' }, { file: 'infra/prod.tfvars' }]]],
  );
  const one = perEnvironment(['infra/common.tfvars', 'infra/prod.tfvars'], spec(true));
  assert.deepEqual(
    one.map((f) => [f.confidence, f.summary, f.locations.length]),
    [['low', 'variable files, but not one per environment', 2]],
  );
  assert.deepEqual(perEnvironment(['infra/common.tfvars'], spec(false)), []);
  assert.deepEqual(perEnvironment([], spec(true)), []);
});

test('envOf: the common environment names, spelt the common ways, and not words that contain one', () => {
  const names = ['aat.tfvars', 'perftest.tfvars', 'values-demo.yaml', 'nonprod', 'sbox', 'ithc', 'sit'];
  assert.deepEqual(names.map(envOf), ['aat', 'perf', 'demo', 'nonprod', 'sandbox', 'ithc', 'sit']);
  assert.deepEqual(['demonstration.md', 'performance.tfvars', 'site.yaml', 'product.tfvars'].map(envOf), [
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
});
