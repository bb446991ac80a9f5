import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeAction, reconcile } from './reconcile.js';
import { type DesiredItem, practiceMarker, practiceOf, type WorkItem } from './workItem.js';

const want = (id: string, title = `do ${id}`): DesiredItem => ({
  practiceId: id,
  title,
  body: `body of ${id}\n${practiceMarker(id)}`,
  labels: ['waymark', `waymark:${id}`],
});
const have = (n: number, id: string, open = true, title = `do ${id}`): WorkItem => ({
  id: String(n),
  practiceId: id,
  title,
  body: `body of ${id}\r\n${practiceMarker(id)}\n`,
  open,
});
const kinds = (actions: ReturnType<typeof reconcile>) =>
  actions.map((a) => `${a.kind}:${'desired' in a ? a.desired.practiceId : a.item.practiceId}`);

describe('reconcile', () => {
  it('creates what is missing, leaves what matches, updates what differs', () => {
    const actions = reconcile(
      [want('a'), want('b'), want('c', 'new title')],
      [have(1, 'b'), have(2, 'c')],
      new Set(),
    );
    assert.deepEqual(kinds(actions), ['create:a', 'unchanged:b', 'update:c']);
  });

  it('closes an open item whose practice is done and leaves others it does not plan alone', () => {
    const actions = reconcile(
      [],
      [have(1, 'met'), have(2, 'other-pillar'), have(3, 'met-closed', false)],
      new Set(['met', 'met-closed']),
    );
    assert.deepEqual(kinds(actions), ['close:met']);
  });

  it('reopens a closed item whose practice is back in the plan, and closes duplicates', () => {
    const actions = reconcile(
      [want('a'), want('b')],
      [have(1, 'a', false), have(2, 'b'), have(3, 'b')],
      new Set(),
    );
    assert.deepEqual(kinds(actions), ['update:a', 'unchanged:b', 'close:b']);
    const reopen = actions[0];
    assert.ok(reopen?.kind === 'update' && reopen.reopen);
    assert.match(describeAction(reopen), /^reopen {2}a {2}#1 /);
  });

  it('a second reconcile after applying the first has nothing to do', () => {
    const desired = [want('a'), want('b')];
    const first = reconcile(desired, [], new Set());
    const applied = first.map((a, i) =>
      a.kind === 'create' ? have(i + 1, a.desired.practiceId) : have(0, 'x'),
    );
    assert.deepEqual(kinds(reconcile(desired, applied, new Set())), ['unchanged:a', 'unchanged:b']);
  });

  it('finds the practice from the label first, then the body marker', () => {
    assert.equal(practiceOf(['bug', 'waymark:oe.1.x'], ''), 'oe.1.x');
    assert.equal(practiceOf(['waymark'], `text\n${practiceMarker('pe.2.y')}`), 'pe.2.y');
    assert.equal(practiceOf(['waymark'], 'no marker'), undefined);
  });
});
