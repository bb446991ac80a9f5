/**
 * The answer vocabulary (src/answers/vocabulary.ts) is what every layer applies: the assessment
 * file, the API's schemas and refusals, and the editor's autosave. The store and the web UI take
 * their types from it, which the compiler checks.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import {
  ANSWER_SOURCES,
  CONFIDENCES,
  missingReason,
  NEEDS_REASON_MESSAGE,
  parseAssessment,
  STATUSES,
  SUGGESTED_STATUSES,
} from '../answers/index.js';
import { InputErrors } from '../diagnostics/index.js';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { openStore } from '../store/index.js';
import { tempDir } from '../testing/index.js';
import { type ApiFixture, apiFixture, SAMPLE_PRACTICE } from '../testing/server.js';
import { answerSaveReducer, initialSaveState } from '../ui/index.js';

const models = new ModelSet(loadBuiltinModels());
const REASONS = [undefined, null, '', '   ', '\n\t', 'runs no servers'] as const;

/** The message the assessment file gives for one answer, or undefined when it is taken. */
function fileRefusal(status: string, reason: string | undefined): string | undefined {
  const lines = [`answers:`, `  ${SAMPLE_PRACTICE}:`, `    status: ${status}`];
  if (reason !== undefined) lines.push(`    reason: ${JSON.stringify(reason)}`);
  try {
    parseAssessment(`${lines.join('\n')}\n`, 'w.yaml', models);
    return undefined;
  } catch (err) {
    if (err instanceof InputErrors) return err.errors.map((e) => e.message).join('\n');
    throw err;
  }
}

describe('the not-applicable rule', () => {
  it('needs a reason that is more than blanks, for not-applicable only', () => {
    for (const status of STATUSES)
      for (const reason of REASONS)
        assert.equal(
          missingReason(status, reason),
          status === 'not-applicable' && reason !== 'runs no servers',
          `${status} with ${JSON.stringify(reason)}`,
        );
  });

  it('is what the assessment file refuses, in the shared words', () => {
    assert.equal(fileRefusal('not-applicable', undefined), NEEDS_REASON_MESSAGE);
    assert.equal(fileRefusal('not-applicable', 'runs no servers'), undefined);
    assert.equal(fileRefusal('met', undefined), undefined);
  });

  it("is what the editor's autosave holds back", () => {
    for (const status of STATUSES)
      for (const reason of ['', '   ', 'runs no servers']) {
        let state = initialSaveState<string>(undefined, 'unknown');
        state = answerSaveReducer(state, { type: 'edit', patch: { status, reason }, commit: 'now' });
        state = answerSaveReducer(state, { type: 'send' });
        assert.equal(
          state.status.kind === 'needs-reason',
          missingReason(status, reason),
          `${status} with ${JSON.stringify(reason)}: ${state.status.kind}`,
        );
      }
  });

  describe('in the API', () => {
    let fx: ApiFixture;
    before(async () => {
      fx = await apiFixture(await openStore({ sqliteFile: join(tempDir(), 'vocabulary.db') }), models);
    });
    after(() => fx?.close());
    const put = (body: Record<string, unknown>) =>
      fx.call('PUT', `/api/v1/workloads/${fx.params.id}/answers/${SAMPLE_PRACTICE}`, 'editor', body);

    it('refuses what the assessment file refuses, with the same message', async () => {
      for (const reason of [undefined, null, '', '   ']) {
        const r = await put({
          status: 'not-applicable',
          revision: 0,
          ...(reason === undefined ? {} : { reason }),
        });
        assert.equal(r.statusCode, 400, r.body);
        assert.equal(r.json().message, `body/reason: ${fileRefusal('not-applicable', undefined)}`);
      }
      const taken = await put({ status: 'not-applicable', reason: 'runs no servers', revision: 0 });
      assert.equal(taken.statusCode, 200, taken.body);
      assert.equal(taken.json().answer.reason, 'runs no servers');
    });

    it('publishes the vocabulary in its schemas, for requests and answers alike', async () => {
      const doc = (await fx.app.inject('/openapi.json')).json();
      const Enum = z.object({ enum: z.array(z.string()) }).transform((e) => e.enum);
      const path = doc.paths[`/api/v1/workloads/{id}/answers/{practiceId}`].put;
      const body = path.requestBody.content['application/json'].schema.properties;
      assert.deepEqual(Enum.parse(body.status), [...STATUSES]);
      assert.deepEqual(Enum.parse(body.source), [...ANSWER_SOURCES]);
      const saved = path.responses['200'].content['application/json'].schema.properties.answer.properties;
      assert.deepEqual(Enum.parse(saved.status), [...STATUSES]);
      assert.deepEqual(Enum.parse(saved.source), [...ANSWER_SOURCES]);
      const scan =
        doc.paths['/api/v1/workloads/{id}/scans'].post.requestBody.content['application/json'].schema;
      const suggestion = scan.properties.suggestions.items.properties;
      assert.deepEqual(Enum.parse(suggestion.status), [...SUGGESTED_STATUSES]);
      assert.deepEqual(Enum.parse(suggestion.confidence), [...CONFIDENCES]);
    });
  });
});
