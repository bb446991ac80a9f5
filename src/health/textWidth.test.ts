import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { textWidth, wrapText } from './textWidth.js';

describe('text width and wrapping', () => {
  it('measures ASCII from the table and anything else as a full em', () => {
    assert.equal(textWidth('', 13), 0);
    assert.equal(textWidth('i', 100), 35);
    assert.equal(textWidth('W', 100), 111);
    assert.equal(textWidth('é中', 10), 20);
    assert.ok(textWidth('mmmm', 13) > textWidth('iiii', 13));
  });

  it('breaks after spaces and hyphens, then by characters, and ends an overflow with an ellipsis', () => {
    assert.deepEqual(wrapText('payments-db-primary', 13, 90, 3), ['payments-', 'db-primary']);
    assert.deepEqual(wrapText('Orders database', 13, 80, 3), ['Orders', 'database']);
    const long = wrapText('x'.repeat(60), 13, 100, 2);
    assert.equal(long.length, 2);
    assert.match(long[1] ?? '', /…$/);
    assert.deepEqual(wrapText('', 13, 100, 3), ['']);
  });

  it('never gives a line wider than asked, nor more lines, and loses no text unless it ends in an ellipsis', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 120 }),
        fc.integer({ min: 20, max: 300 }),
        fc.integer({ min: 1, max: 4 }),
        (text, width, max) => {
          const lines = wrapText(text, 13, width, max);
          assert.ok(lines.length >= 1 && lines.length <= max);
          for (const l of lines)
            assert.ok(
              textWidth(l, 13) <= width || Array.from(l).length <= 1,
              `${JSON.stringify(l)} at ${width}`,
            );
          const last = lines[lines.length - 1] ?? '';
          if (!last.endsWith('…')) assert.equal(lines.join('').replace(/\s/g, ''), text.replace(/\s/g, ''));
        },
      ),
    );
  });
});
