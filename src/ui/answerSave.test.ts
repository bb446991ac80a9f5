import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type AnswerSaveEvent,
  type AnswerSaveState,
  initialSaveState,
  answerSaveReducer as reduce,
  type SavedAnswer,
  unsent,
} from './answerSave.js';

type S = 'met' | 'partial' | 'not-met' | 'not-applicable' | 'unknown';
const stored = (over: Partial<SavedAnswer<S>> = {}): SavedAnswer<S> => ({
  status: 'partial',
  reason: null,
  note: 'Half the areas have an owner.',
  evidence: [],
  source: 'person',
  confidence: null,
  revision: 3,
  ...over,
});
const run = (events: AnswerSaveEvent<S>[], from = initialSaveState<S>(undefined, 'unknown')) =>
  events.reduce(reduce, from);

test('a deliberate choice is sent; the saved answer moves the revision on', () => {
  const s = run([{ type: 'edit', patch: { status: 'met' }, commit: 'now' }, { type: 'send' }]);
  assert.deepEqual(s.status, { kind: 'saving' });
  const done = reduce(s, { type: 'saved', answer: stored({ status: 'met', revision: 1 }) });
  assert.deepEqual([done.status.kind, done.revision, done.draft.status], ['saved', 1, 'met']);
  assert.equal(unsent(done), false);
});

test('moving through the statuses with the arrow keys marks the choice and sends nothing', () => {
  const s = run([
    { type: 'edit', patch: { status: 'not-applicable' }, commit: 'none' },
    { type: 'edit', patch: { status: 'not-met' }, commit: 'none' },
  ]);
  // Passing over "not applicable" asks for no reason: nothing was chosen yet.
  assert.deepEqual(s.status, { kind: 'choosing' });
  assert.equal(s.draft.status, 'not-met');
  assert.equal(unsent(s), true, 'a page that closes now still sends the choice');
  assert.deepEqual(reduce(s, { type: 'send' }).status, { kind: 'saving' });
});

test('not applicable waits for its reason, then saves', () => {
  const s = run([{ type: 'edit', patch: { status: 'not-applicable' }, commit: 'now' }, { type: 'send' }]);
  assert.deepEqual(s.status, { kind: 'needs-reason' });
  const typed = run(
    [{ type: 'edit', patch: { reason: 'Batch job, one environment.' }, commit: 'pause' }, { type: 'send' }],
    s,
  );
  assert.deepEqual(typed.status, { kind: 'saving' });
});

test('an edit while a save is in flight is sent after it returns', () => {
  const s = run([
    { type: 'edit', patch: { note: 'a' }, commit: 'pause' },
    { type: 'send' },
    { type: 'edit', patch: { note: 'ab' }, commit: 'pause' },
  ]);
  assert.equal(s.status.kind, 'saving');
  assert.equal(unsent(s), true);
  const back = reduce(s, { type: 'saved', answer: stored({ note: 'a', revision: 1 }) });
  assert.deepEqual([back.status.kind, back.draft.note, back.revision], ['pending', 'ab', 1]);
});

test('a conflict carries their answer; taking theirs replaces the draft and its revision', () => {
  const theirs = stored({ revision: 4 });
  const s = run([
    { type: 'edit', patch: { status: 'not-met' }, commit: 'now' },
    { type: 'send' },
    { type: 'conflict', theirs },
  ]);
  assert.deepEqual(s.status, { kind: 'conflict', theirs });
  // While it is open, edits change the draft but nothing is sent.
  const edited = run([{ type: 'edit', patch: { note: 'mine' }, commit: 'pause' }, { type: 'send' }], s);
  assert.equal(edited.status.kind, 'conflict');
  const taken = reduce(edited, { type: 'take-theirs' });
  assert.deepEqual(
    [taken.status.kind, taken.revision, taken.draft.status, taken.draft.note],
    ['idle', 4, 'partial', 'Half the areas have an owner.'],
  );
});

test('keeping mine re-bases the draft on their revision and sends it', () => {
  const s = run([
    { type: 'edit', patch: { status: 'met' }, commit: 'now' },
    { type: 'send' },
    { type: 'conflict', theirs: null },
    { type: 'keep-mine' },
  ]);
  assert.deepEqual([s.status.kind, s.revision, s.draft.status], ['pending', 0, 'met']);
  assert.equal(reduce(s, { type: 'send' }).status.kind, 'saving');
});

test('a refused save puts back what is stored, and says why', () => {
  const from = initialSaveState<S>(stored({ status: 'met', revision: 2 }), 'unknown');
  const s = run([{ type: 'edit', patch: { status: 'not-met' }, commit: 'now' }, { type: 'send' }], from);
  const refused = reduce(s, {
    type: 'forbidden',
    stored: stored({ status: 'met', revision: 2 }),
    message: 'read-only',
  });
  assert.deepEqual(
    [refused.draft.status, refused.revision, refused.status],
    ['met', 2, { kind: 'error', message: 'read-only' }],
  );
  const none = reduce(s, { type: 'forbidden', stored: undefined, message: 'read-only' });
  assert.equal(none.draft.status, 'unknown', 'with nothing stored, the draft is empty again');
});

test('nothing to send when nothing changed', () => {
  const idle = initialSaveState<S>(stored(), 'unknown');
  assert.equal(reduce(idle, { type: 'send' }), idle);
  assert.equal(unsent(idle), false);
});

// Whatever happens, the state stays coherent: a conflict has its answer, "saved" is never dirty,
// and only one save is in flight at a time (a send while saving changes nothing).
test('any sequence of events keeps the state coherent', () => {
  const status = fc.constantFrom<S>('met', 'partial', 'not-met', 'not-applicable', 'unknown');
  const event: fc.Arbitrary<AnswerSaveEvent<S>> = fc.oneof(
    fc.record({
      type: fc.constant('edit' as const),
      patch: fc.record({ status, reason: fc.constantFrom('', 'why') }, { requiredKeys: [] }),
      commit: fc.constantFrom('now' as const, 'pause' as const, 'none' as const),
    }),
    fc.constant({ type: 'send' as const }),
    fc.nat(9).map((r) => ({ type: 'saved' as const, answer: stored({ revision: r }) })),
    fc
      .option(
        fc.nat(9).map((r) => stored({ revision: r })),
        { nil: null },
      )
      .map((theirs) => ({
        type: 'conflict' as const,
        theirs,
      })),
    fc.constant({ type: 'failed' as const, message: 'network' }),
    fc.constant({ type: 'take-theirs' as const }),
    fc.constant({ type: 'keep-mine' as const }),
  );
  fc.assert(
    fc.property(fc.array(event, { maxLength: 30 }), (events) => {
      let s: AnswerSaveState<S> = initialSaveState(undefined, 'unknown');
      for (const e of events) {
        const before = s;
        s = reduce(s, e);
        if (e.type === 'send' && before.status.kind === 'saving') assert.equal(s, before);
        if (s.status.kind === 'saved' || s.status.kind === 'idle') assert.equal(s.dirty, false);
        if (s.status.kind === 'conflict') assert.ok('theirs' in s.status);
        if (s.status.kind === 'saving' && s.draft.status === 'not-applicable' && e.type === 'send')
          assert.ok(s.draft.reason.trim(), 'not applicable is never sent without a reason');
      }
    }),
  );
});
