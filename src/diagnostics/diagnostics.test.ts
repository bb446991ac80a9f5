import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeUnsafe, InputError, InputErrors, MAX_EXCERPT, MAX_REPORTED_ERRORS, quote } from './index.js';

describe('what an error message may quote of the input', () => {
  it('an excerpt is quoted, escaped and cut, with the full length stated', () => {
    assert.equal(quote('a\nb\0c\x1b[31m"'), '"a\\nb\\u0000c\\u001b[31m\\""');
    const long = quote('x'.repeat(3_000_000));
    assert.ok(long.length < MAX_EXCERPT + 40, long);
    assert.match(long, /…" \(3,000,000 characters\)$/);
  });

  it('no message, path or hint prints a control character or grows past a few hundred characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 5000 }),
        fc.string({ unit: 'binary' }),
        (message, file) => {
          const out = new InputError(message, { file, line: 3 }, message).format();
          const [head, hint, ...rest] = out.split('\n');
          assert.deepEqual(rest, [], 'at most a message line and a hint line');
          // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
          assert.doesNotMatch(out.replace('\n  hint: ', ''), /[\u0000-\u001f\u007f-\u009f]/);
          assert.ok((head ?? '').length <= 800 && (hint ?? '').length <= 500, `${out.length} characters`);
        },
      ),
    );
  });

  it('a file with thousands of mistakes is reported by its first ones and a count', () => {
    const errors = Array.from(
      { length: 5000 },
      (_, i) => new InputError(`bad value ${i}`, { file: 'f.yaml', line: i + 1 }),
    );
    const lines = new InputErrors(errors).message.split('\n');
    assert.equal(lines.length, MAX_REPORTED_ERRORS + 1);
    assert.equal(lines.at(-1), `… and ${5000 - MAX_REPORTED_ERRORS} more problems in the same input`);
  });

  it('escapes the line and paragraph separators that terminals and editors break on', () => {
    assert.equal(escapeUnsafe('a\u2028b\u2029c\u009bd\u202e'), 'a\\u2028b\\u2029c\\u009bd\\u202e');
  });
});
