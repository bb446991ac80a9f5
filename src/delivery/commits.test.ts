import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commitGraph } from './index.js';

const c = (sha: string, time: number, ...parents: string[]) => ({ sha, time, parents });

describe('commit graph', () => {
  // a ← b ← c ← e(merge c, d);  b ← d
  const g = commitGraph([c('a', 1), c('b', 2, 'a'), c('c', 3, 'b'), c('d', 4, 'b'), c('e', 5, 'c', 'd')]);
  const shas = (head: string, base?: string) => g.change(head, base)?.map((x) => x.sha);

  it('gives the commits of head not reachable from base, newest first', () => {
    assert.deepEqual(shas('e', 'b'), ['e', 'd', 'c']);
    assert.deepEqual(shas('e', 'c'), ['e', 'd']);
    assert.deepEqual(shas('c', 'c'), []);
  });

  it('walks a head that does not descend from the base (a rebase) back to their common part', () => {
    assert.deepEqual(shas('d', 'c'), ['d']);
  });

  it('stops at the limit when there is no base, and knows nothing of unknown commits', () => {
    assert.deepEqual(
      g.change('e', undefined, 2)?.map((x) => x.sha),
      ['e', 'd'],
    );
    assert.equal(g.change('zzz', 'a'), undefined);
    assert.deepEqual(shas('c', 'unknown'), ['c', 'b', 'a']);
    assert.equal(g.commit('D')?.time, 4);
  });
});
