/**
 * Generated hostile inputs for the files people write by hand: models, assessments and the
 * config. Each reader accepts or rejects with an input error; the real binary exits 0, 1 or 2
 * with no stack trace and changes no file it was not asked to write.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAssessment } from '../answers/index.js';
import { loadBuiltinModels, ModelSet, parseModel } from '../model/index.js';
import { assertCleanRun, fuzzReader, fuzzRuns, mutated } from '../testing/fuzz.js';
import { REPO_ROOT, tempDir } from '../testing/index.js';
import { resolveInputs } from './inputs.js';

const fixture = (p: string) => readFileSync(join(REPO_ROOT, p), 'utf8');
const MODEL = fixture('test/fixtures/models/inhouse.yaml');
const ASSESSMENTS = [
  fixture('examples/contoso-orders/waymark.assessment.yaml'),
  fixture('examples/fabrikam-payments/waymark.assessment.yaml'),
  `workload: tiny\nanswers:\n  oe.1.iac.declarative: met\n  oe.1.iac.parameterized-environments: { status: not-applicable, reason: one env }\n  ih.1.backup.weekly: met\n`,
];
const CONFIGS = [
  'models: [inhouse.yaml]\nanswers: waymark.assessment.yaml\n',
  'models: []\n',
  'answers: a.yaml\n',
];
const models = new ModelSet([...loadBuiltinModels(), parseModel(MODEL, 'inhouse.yaml')]);

describe('generated inputs: hand-written files', () => {
  it('model files', async () => {
    const t = await fuzzReader('model', mutated([MODEL]), (text) => parseModel(text, 'm.yaml'));
    assert.ok(t.rejected > 0 && t.accepted > 0, `both outcomes occur: ${JSON.stringify(t)}`);
  });

  it('assessment files', async () => {
    const t = await fuzzReader(
      'assessment',
      mutated(ASSESSMENTS),
      (text) => parseAssessment(text, 'a.yaml', models),
      200,
    );
    assert.ok(t.rejected > 0 && t.accepted > 0, `both outcomes occur: ${JSON.stringify(t)}`);
  });

  it('config files', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'inhouse.yaml'), MODEL);
    const file = join(dir, 'waymark.config.yaml');
    const t = await fuzzReader(
      'config',
      mutated(CONFIGS),
      (text) => {
        writeFileSync(file, text);
        return resolveInputs({ config: file }, dir);
      },
      200,
    );
    assert.ok(t.rejected > 0 && t.accepted > 0, `both outcomes occur: ${JSON.stringify(t)}`);
  });

  it('the real binary on generated files exits 0, 1 or 2 and changes nothing', async () => {
    const samples = fc.tuple(mutated([MODEL]), mutated(ASSESSMENTS), mutated(CONFIGS));
    await fc.assert(
      fc.asyncProperty(samples, async ([model, assessment, config]) => {
        const dir = tempDir();
        writeFileSync(join(dir, 'inhouse.yaml'), model);
        writeFileSync(join(dir, 'waymark.assessment.yaml'), assessment);
        writeFileSync(join(dir, 'waymark.config.yaml'), config);
        copyFileSync(join(REPO_ROOT, 'test/fixtures/models/inhouse.yaml'), join(dir, 'good.yaml'));
        await assertCleanRun(['models', 'validate', 'inhouse.yaml'], dir);
        await assertCleanRun(['assess'], dir);
        await assertCleanRun(
          ['check', '--min-level', 'oe=1', '-a', 'waymark.assessment.yaml', '-c', 'waymark.config.yaml'],
          dir,
        );
      }),
      { numRuns: fuzzRuns(6) },
    );
  });
});
