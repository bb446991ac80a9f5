import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { STATUSES, type Status } from '../answers/index.js';
import { holds, levelReached } from './levelRule.js';

const status = fc.constantFrom(...STATUSES);
/** Five levels of 1..6 practices each, like the real models. */
const ladder = fc.array(fc.array(status, { minLength: 1, maxLength: 6 }), { minLength: 5, maxLength: 5 });

describe('level rule', () => {
  it('holds a level only when everything up to it is met or not applicable', () => {
    assert.equal(levelReached([['met', 'not-applicable'], ['met'], ['partial']]), 2);
    assert.equal(levelReached([['met', 'unknown'], ['met'], ['met']]), 0);
    // Higher levels do not count while a lower one is open (the staged rule).
    assert.equal(levelReached([['met'], ['not-met'], ['met'], ['met']]), 1);
    assert.equal(levelReached([['met'], ['met']]), 2);
  });

  it('blocks on partial, not-met and unknown only', () => {
    assert.deepEqual(
      STATUSES.filter((s) => !holds(s)),
      ['partial', 'not-met', 'unknown'],
    );
  });

  it('turning any answer into met never lowers the level', () => {
    fc.assert(
      fc.property(ladder, fc.nat(), fc.nat(), (levels, li, pi) => {
        const l = li % levels.length;
        const row = levels[l] ?? [];
        const p = pi % row.length;
        const better = levels.map((r, i) =>
          i === l ? r.map((s, j) => (j === p ? ('met' as Status) : s)) : r,
        );
        return levelReached(better) >= levelReached(levels);
      }),
    );
  });

  it('making any practice at or below level N not-met drops the level below N', () => {
    fc.assert(
      fc.property(ladder, fc.nat(), fc.nat(), (levels, li, pi) => {
        const l = li % levels.length;
        const row = levels[l] ?? [];
        const p = pi % row.length;
        const worse = levels.map((r, i) =>
          i === l ? r.map((s, j) => (j === p ? ('not-met' as Status) : s)) : r,
        );
        // The practice sits at level l+1: that level can no longer be held.
        return levelReached(worse) < l + 1;
      }),
    );
  });

  it('is exactly the count of leading levels that fully hold', () => {
    fc.assert(
      fc.property(ladder, (levels) => {
        const n = levelReached(levels);
        const allHeld = levels.slice(0, n).every((r) => r.every(holds));
        const nextBlocked = n === levels.length || !(levels[n] ?? []).every(holds);
        return allHeld && nextBlocked;
      }),
    );
  });
});
