import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../testing/index.js';
import { bufferSource } from './input.js';
import { LONG_ROW, UNTERMINATED_QUOTE } from './jmeterJtl.js';
import { lastParallelStats } from './jtlParallel.js';
import { readResults } from './readResults.js';
import type { RunSummary } from './summary.js';

// Defect 5: a JTL CSV row longer than the record limit gave one skip per MiB, shifted every later
// line number, and (as a headerless first row) broke the layout. Now: reported once, at its line.

const HEADER = 'timeStamp,elapsed,label,responseCode,success';
const row = (i: number) => `${1_714_550_400_000 + i},5,a,200,true`;
const MiB = 1 << 20;

/** Line 4 is `size` bytes long; line 6 has too few fields; every other row is good. */
function withLongRow(size: number, opts: { header?: boolean; quoted?: boolean } = {}): string {
  const long = opts.quoted
    ? `1714550400003,5,"${'x'.repeat(size)}`
    : `1714550400003,5,${'x'.repeat(size)},200,true`;
  const lines = [row(0), row(1), long, row(4), 'bad', row(6)];
  return `${opts.header === false ? '' : `${HEADER}\n`}${lines.join('\n')}\n`;
}

const skips = (s: RunSummary) => s.skipped.reasons.map((r) => [r.reason, r.count, r.where]);

test('a row of 2, 5 and 24 MiB is one skip at its line; the lines after it keep their numbers', async () => {
  for (const size of [2 * MiB, 5 * MiB, 24 * MiB]) {
    const text = withLongRow(size);
    for (const chunk of [MiB, 64 * 1024 + 7]) {
      const s = await readResults([bufferSource('t.jtl', text, chunk)]);
      assert.equal(s.overall.count, 4, `${size}/${chunk}`);
      assert.deepEqual(
        skips(s),
        [
          [LONG_ROW, 1, ['t.jtl:4']],
          ['wrong number of fields (expected 5)', 1, ['t.jtl:6']],
        ],
        `${size}/${chunk}`,
      );
    }
  }
});

test('a long row that fits in one buffer gets the same rule, whatever the chunk size', async () => {
  const text = withLongRow(MiB + 100);
  for (const chunk of [4 * MiB, MiB, 16 * 1024]) {
    const s = await readResults([bufferSource('t.jtl', text, chunk)]);
    assert.deepEqual(skips(s)[0], [LONG_ROW, 1, ['t.jtl:4']], String(chunk));
  }
});

test('an unterminated quote eating the file is one skip, and reading resumes at the next line', async () => {
  const text = withLongRow(3 * MiB, { quoted: true });
  const s = await readResults([bufferSource('t.jtl', text)]);
  assert.equal(s.overall.count, 4);
  assert.deepEqual(skips(s), [
    [UNTERMINATED_QUOTE, 1, ['t.jtl:4']],
    ['wrong number of fields (expected 5)', 1, ['t.jtl:6']],
  ]);
});

test('the header is accepted whatever the later rows are, also when the first data row is huge', async () => {
  const text = `${HEADER}\n${'1714550400003,5,'}${'y'.repeat(24 * MiB)},200,true\n${row(1)}\n`;
  const s = await readResults([bufferSource('t.jtl', text)]);
  assert.equal(s.overall.count, 1);
  assert.deepEqual(skips(s), [[LONG_ROW, 1, ['t.jtl:2']]]);
  // Headerless, with the long row first: the next row fixes the column count.
  const headless = await readResults([bufferSource('n.jtl', withLongRow(3 * MiB, { header: false }))]);
  assert.equal(headless.overall.count, 4);
  assert.deepEqual(skips(headless), [
    [LONG_ROW, 1, ['n.jtl:3']],
    ['wrong number of fields (expected 5)', 1, ['n.jtl:5']],
  ]);
});

test('the parallel reader gives the same counts and line numbers, cuts inside the long row included', async () => {
  const dir = tempDir('perf-long-');
  try {
    const file = join(dir, 'big.jtl');
    // Good rows around a 6 MiB row, so that the ranges have work on both sides of it.
    const lines = [HEADER];
    for (let i = 0; i < 20_000; i++) lines.push(row(i));
    lines.push(`1714550400003,5,${'x'.repeat(6 * MiB)},200,true`, 'bad');
    for (let i = 0; i < 20_000; i++) lines.push(row(i));
    const text = `${lines.join('\n')}\n`;
    writeFileSync(file, text);
    const one = await readResults([file], { parallel: { threads: 1 } });
    assert.equal(one.overall.count, 40_000);
    assert.deepEqual(skips(one), [
      [LONG_ROW, 1, [`${file}:20002`]],
      ['wrong number of fields (expected 5)', 1, [`${file}:20003`]],
    ]);
    const longStart = text.indexOf('xxxx');
    for (const cuts of [undefined, [longStart + 10], [longStart + 3 * MiB, longStart + 6 * MiB + 50]]) {
      const par = await readResults([file], {
        parallel: { threads: 3, minBytes: 0, ...(cuts ? { cuts } : {}) },
      });
      // A cut 10 bytes into the 6 MiB row finds no row start within the 4 MiB it looks at: one range.
      const alone = cuts?.length === 1;
      assert.equal(lastParallelStats.ranges >= 2, !alone, 'parallel ranges were used');
      assert.deepEqual(par, one, JSON.stringify(cuts));
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});
