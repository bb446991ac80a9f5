/** The sample workloads: loaded once, each with milestones over past months that show a climb. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import type { Actor, Store } from '../store/index.js';
import { storeBackends } from '../testing/backends.js';
import { REPO_ROOT } from '../testing/index.js';
import { loadSampleWorkloads } from './samples.js';
import type { MilestoneSnapshot } from './workloadScore.js';

const models = new ModelSet(loadBuiltinModels());
const actor: Actor = { teamId: 'local', name: 'local', role: 'admin' };
const DAY = 86_400_000;

for (const [name, open] of storeBackends('samples')) {
  describe(`sample workloads on ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(() => store?.close());

    it('gives each sample three milestones over past months, each with more answers than the last', async () => {
      const loaded = await loadSampleWorkloads(store, models, actor, join(REPO_ROOT, 'examples'));
      assert.deepEqual(loaded.sort(), ['Contoso Orders', 'Fabrikam Payments']);
      for (const w of await store.listWorkloads('local')) {
        const list = await store.listMilestones(w.id);
        assert.deepEqual(
          list.map((m) => m.name),
          ['Kick-off', 'Q3 review', 'Q4 review'],
        );
        const ages = list.map((m) => Math.round((Date.now() - Date.parse(m.createdAt)) / DAY));
        assert.deepEqual(ages, [150, 90, 30]);
        const answered = list.map((m) => Object.keys((m.snapshot as MilestoneSnapshot).answers).length);
        assert.deepEqual(
          answered,
          [...answered].sort((a, b) => a - b),
          `answers by milestone: ${answered}`,
        );
        assert.equal(new Set(answered).size, 3, `answers by milestone: ${answered}`);
        // The latest milestone of each workload, as the portfolio reads it.
        const latest = (await store.latestMilestones('local')).find((m) => m.workloadId === w.id);
        assert.equal(latest?.name, 'Q4 review');
      }
      // Loading again adds nothing.
      assert.deepEqual(await loadSampleWorkloads(store, models, actor, join(REPO_ROOT, 'examples')), []);
      assert.equal((await store.latestMilestones('local')).length, 2);
      assert.deepEqual(await store.latestMilestones('someone-else'), []);
    });
  });
}
