/**
 * Generated JSON bodies against every write route, on both databases: the server may take a
 * body or refuse it, but never answer 5xx. The tally (2xx accepted, 4xx rejected) is printed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { storeBackends } from '../testing/backends.js';
import { fuzzRuns, mutated, recordTally, type Tally } from '../testing/fuzz.js';
import {
  type ApiFixture,
  apiFixture,
  apiOperations,
  type Operation,
  operationUrl,
  sampleBodies,
  WRITE_METHODS,
} from '../testing/server.js';

const models = new ModelSet(loadBuiltinModels());

const backends = storeBackends('fuzz');

for (const [name, open] of backends) {
  describe(`generated bodies on every write route, ${name}`, () => {
    let fx: ApiFixture;
    let writes: Operation[];
    before(async () => {
      fx = await apiFixture(await open(), models);
      writes = (await apiOperations(fx.app)).filter((op) => WRITE_METHODS.has(op.method));
    });
    after(() => fx?.close());

    it('never answers 5xx', async (t) => {
      const samples = sampleBodies();
      const tally: Tally = { name: `API JSON bodies (${name})`, runs: 0, accepted: 0, rejected: 0 };
      const bodies = (op: Operation) => {
        const sample = samples[op.key] ?? {};
        return fc.oneof(
          { arbitrary: mutated([JSON.stringify(sample, null, 1)]), weight: 4 },
          { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), weight: 1 },
          // One field of a valid body replaced with something hostile: any text (NUL, lone
          // surrogates), a huge or odd number, or nesting thousands of levels deep.
          {
            arbitrary: fc
              .tuple(
                // `extra` reaches the health report's open-ended parts, which the schema does not walk.
                fc.oneof(fc.constant('extra'), fc.constantFrom(...Object.keys(sample), 'extra')),
                fc.oneof(
                  fc.string({ unit: 'binary', maxLength: 40 }),
                  fc.constantFrom(1e308, -0, 2 ** 31, 2 ** 53 + 1, 0.5, null, true, [], {}),
                  fc.integer({ min: 60, max: 6000 }).map((n) => ({ nested: n })),
                ),
              )
              .map(([field, value]) => {
                const text = JSON.stringify({
                  ...sample,
                  [field]: typeof value === 'object' && value && 'nested' in value ? 'NESTED' : value,
                });
                if (!(typeof value === 'object' && value && 'nested' in value)) return text;
                const n = Number(value.nested);
                return text.replace('"NESTED"', `${'['.repeat(n)}${']'.repeat(n)}`);
              }),
            weight: 2,
          },
        );
      };
      const cases = fc.constantFrom(...writes).chain((op) => fc.tuple(fc.constant(op), bodies(op)));
      await fc.assert(
        fc.asyncProperty(cases, async ([op, body]) => {
          // Deleting the workload would leave every later case a 404: delete one that is not there.
          const params = op.method === 'DELETE' ? { ...fx.params, id: crypto.randomUUID() } : fx.params;
          const r = await fx.call(op.method, operationUrl(op, params, crypto.randomUUID()), op.role, body);
          assert.ok(
            r.statusCode < 500,
            `${op.key} ${r.statusCode} ${r.body.slice(0, 300)} for ${body.slice(0, 300)}`,
          );
          assert.equal(typeof r.json().error === 'string' || r.statusCode < 300, true, r.body.slice(0, 200));
          tally.runs++;
          tally[r.statusCode < 300 ? 'accepted' : 'rejected']++;
        }),
        { numRuns: fuzzRuns(300) },
      );
      recordTally(tally);
      t.diagnostic(`fuzz ${JSON.stringify(tally)}`);
      assert.ok(tally.accepted > 0 && tally.rejected > 0, JSON.stringify(tally));
    });
  });
}
