import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bar, truncate, wrap } from './textLayout.js';

describe('text layout', () => {
  it('wraps words within the width and keeps every word', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 40 }), (words) => {
        const lines = wrap(words.join(' '), '   ', 40);
        assert.ok(lines.every((l) => l.length <= 40 && l.startsWith('   ')));
        assert.deepEqual(lines.join(' ').split(/\s+/).filter(Boolean), words);
      }),
    );
  });

  it('truncates with an ellipsis and draws proportional bars', () => {
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('abc', 4), 'abc');
    assert.equal(bar(0.5, 4), '██░░');
    assert.equal(bar(1.7, 3), '███');
  });
});
