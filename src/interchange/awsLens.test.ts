import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { InputError, InputErrors } from '../diagnostics/index.js';
import { loadBuiltinModelSources, type Model, parseModel } from '../model/index.js';
import { REPO_ROOT, runCli, tempDir } from '../testing/index.js';
import { LENS_LIMITS, Lens, lensToModel, modelToLens, riskRules } from './index.js';

const fixture = (name: string) => join(REPO_ROOT, 'test/fixtures/interchange', name);

/** What a lens carries of a model: every practice's text and risk, strategies and level names. */
function carried(model: Model) {
  return model.levels.map((l) => ({
    level: l.level,
    name: l.name,
    strategies: l.strategies.map((s) => ({
      id: s.id,
      title: s.title,
      summary: s.summary,
      practices: s.practices.map(({ id, statement, why, evidence, risk, nextStep }) => ({
        id,
        statement,
        why,
        evidence,
        risk,
        nextStep,
      })),
    })),
  }));
}

describe('AWS custom lens export', () => {
  for (const model of loadBuiltinModelSources()) {
    it(`${model.key}: is a lens of the 2021-11-01 format within its limits`, () => {
      const lens = modelToLens(model);
      const json = JSON.stringify(lens);
      assert.ok(json.length <= LENS_LIMITS.lensJson);
      const checked = Lens.safeParse(JSON.parse(json));
      assert.ok(checked.success, checked.error?.message);
      assert.equal(lens.schemaVersion, '2021-11-01');
      const ids = lens.pillars.flatMap((p) => p.questions.map((q) => q.id));
      assert.equal(new Set(ids).size, ids.length, 'question ids are unique in the lens');
    });

    it(`${model.key}: export then import gives back every practice, strategy and level name`, () => {
      const text = JSON.stringify(modelToLens(model));
      const back = lensToModel(text, 'lens.json', { key: model.key, id: model.id, version: model.version });
      assert.deepEqual(carried(back), carried(model));
      // and the import is a model the validator accepts
      parseModel(stringify(back), 'imported.yaml');
    });
  }

  it('risk rules follow the worst missing practice', () => {
    assert.deepEqual(
      riskRules([
        { id: 'a', risk: 'high' },
        { id: 'b', risk: 'medium' },
        { id: 'c', risk: 'low' },
      ]),
      [
        { condition: 'a && b', risk: 'NO_RISK' },
        { condition: 'a', risk: 'MEDIUM_RISK' },
        { condition: 'default', risk: 'HIGH_RISK' },
      ],
    );
    assert.deepEqual(riskRules([{ id: 'b', risk: 'medium' }]), [
      { condition: 'b', risk: 'NO_RISK' },
      { condition: 'default', risk: 'MEDIUM_RISK' },
    ]);
    assert.deepEqual(riskRules([{ id: 'c', risk: 'low' }]), [{ condition: 'default', risk: 'NO_RISK' }]);
  });

  it('refuses a model that does not fit the limits, naming the practice', () => {
    const [model] = loadBuiltinModelSources();
    assert.ok(model);
    const long = structuredClone(model);
    const practice = long.levels[0]?.strategies[0]?.practices[0];
    assert.ok(practice);
    practice.nextStep = 'x'.repeat(LENS_LIMITS.resourceText + 1);
    assert.throws(
      () => modelToLens(long),
      (err) => err instanceof InputErrors && err.message.includes(practice.id),
    );
  });
});

describe('AWS custom lens import', () => {
  it('reads a sample lens: questions become strategies, choices practices, risks from the rules', () => {
    const model = lensToModel(readFileSync(fixture('team-lens.json'), 'utf8'), 'team-lens.json', {
      key: 'rel',
    });
    assert.equal(model.id, 'team-release-habits');
    assert.deepEqual(
      model.levels.map((l) => l.strategies.map((s) => s.id)),
      [['rel.1.ship-q1'], ['rel.2.watch-q1']],
    );
    const ship = model.levels[0]?.strategies[0]?.practices ?? [];
    assert.deepEqual(
      ship.map((p) => [p.id, p.risk]),
      [
        ['rel.1.ship-q1.pipeline-only', 'high'],
        ['rel.1.ship-q1.small-batches', 'medium'],
        ['rel.1.ship-q1.release-notes', 'low'],
      ],
    );
    assert.equal(model.levels[1]?.strategies[0]?.practices[0]?.risk, 'medium');
    assert.equal(ship[0]?.why, 'Hand deployments skip the checks the pipeline runs.');
    parseModel(stringify(model), 'imported.yaml');
  });

  it('names the file, line and what was expected when a lens is wrong', () => {
    assert.throws(
      () => lensToModel(readFileSync(fixture('bad-lens.json'), 'utf8'), 'bad-lens.json', { key: 'b' }),
      (err) =>
        (err instanceof InputError || err instanceof InputErrors) &&
        /bad-lens\.json:14/.test(err instanceof InputError ? err.format() : err.message) &&
        /improvementPlan/.test(err instanceof InputError ? err.format() : err.message),
    );
  });

  it('waymark models export and import round-trip on the command line; a bad lens exits 2', async () => {
    const dir = tempDir();
    const lens = join(dir, 'pe.json');
    const out = join(dir, 'pe.yaml');
    let r = await runCli(['models', 'export', 'pe', '--format', 'aws-lens', '-o', lens]);
    assert.equal(r.code, 0, r.stderr);
    r = await runCli([
      'models',
      'import',
      lens,
      '--format',
      'aws-lens',
      '--key',
      'pe2',
      '--id',
      'pe-two',
      '-o',
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await runCli(['models', 'validate', out]);
    assert.equal(r.code, 0, r.stderr);
    r = await runCli(['models', 'import', fixture('bad-lens.json'), '--format', 'aws-lens', '--key', 'b']);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
});
