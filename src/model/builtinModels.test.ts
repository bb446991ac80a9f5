import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBuiltinModelSources, loadBuiltinModels } from './loader.js';
import { ModelSet } from './modelSet.js';
import { SEED_LEVELS } from './seedTitles.fixture.js';

// The YAML sources, validated in full: what the build compiles from.
const models = loadBuiltinModelSources();

describe('built-in models', () => {
  for (const model of models) {
    const seed = SEED_LEVELS[model.key];
    describe(model.id, () => {
      it('has every level of the seed, named as in the seed, in order', () => {
        assert.ok(seed, `no seed list for ${model.key}`);
        assert.deepEqual(
          model.levels.map((l) => l.name),
          seed.map((l) => l.name),
        );
      });

      it('has every strategy title of the seed under its level, in order', () => {
        assert.deepEqual(
          model.levels.map((l) => l.strategies.map((s) => s.title)),
          seed?.map((l) => l.strategies.map(([title]) => title)),
        );
      });

      it('keeps every risk and trade-off callout of the seed as data on its strategy', () => {
        assert.deepEqual(
          model.levels.map((l) => l.strategies.map((s) => [s.title, s.risks.length, s.tradeoffs.length])),
          seed?.map((l) => l.strategies),
        );
      });

      it('breaks each strategy into 2 to 5 practices', () => {
        for (const s of model.levels.flatMap((l) => l.strategies)) {
          assert.ok(s.practices.length >= 2 && s.practices.length <= 5, `${s.id} has ${s.practices.length}`);
        }
      });

      it('states one thing per practice', () => {
        for (const p of model.levels.flatMap((l) => l.strategies.flatMap((s) => s.practices))) {
          assert.ok(p.statement.endsWith('.'), `${p.id}: a statement is a full sentence`);
          assert.ok(p.statement.length <= 160, `${p.id}: keep statements short enough to answer`);
        }
      });
    });
  }

  it('have the strategy counts of the seeds (OE 32, PE 28)', () => {
    const counts = models.map((m) => [m.key, m.levels.map((l) => l.strategies.length)]);
    assert.deepEqual(counts, [
      ['oe', [5, 8, 7, 7, 5]],
      ['pe', [4, 6, 7, 7, 4]],
    ]);
  });

  it('are what the build compiled for fast start-up', () => {
    assert.deepEqual(loadBuiltinModels(), models);
  });

  it('use practice ids that are unique across both models', () => {
    const set = new ModelSet(models);
    const total = models.reduce((n, m) => n + [...set.practices(m)].length, 0);
    assert.equal(set.practiceIds().length, total);
  });
});
