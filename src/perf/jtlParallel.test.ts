import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../testing/index.js';
import { lastParallelStats } from './jtlParallel.js';
import { readResults } from './readResults.js';
import { parseTargets } from './targetsFile.js';

const HEADER =
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect';
const LABELS = ['GET /products', 'GET /products/7', 'POST /checkout', 'GET /search', 'Buy, "now"'];
const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
// A quoted message that holds a line which, read on its own, looks exactly like a row.
const FAKE_ROW = '1714550400000,5,GET /fake,200,OK,T 1-1,text,true,,1,1,1,1,https://x.test/f,5,0,1';
const TRICKY = `first line\n${FAKE_ROW}\nlast line`;

/** A JTL with quoted fields, embedded newlines, bad rows and a truncated last line. */
function generate(rows: number): { text: string; tricky: number[] } {
  const out = [HEADER];
  const tricky: number[] = [];
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let offset = HEADER.length + 1;
  for (let i = 0; i < rows; i++) {
    const label = LABELS[i % LABELS.length] as string;
    const ok = rand() > 0.03;
    const elapsed = i % 997 === 5 ? 'n/a' : String(Math.floor(3 + 3000 * rand() ** 4));
    const msg = i % 1000 === 500 ? TRICKY : ok ? '' : 'Response code was 500, expected 200';
    const line = `${1_714_550_400_000 + i * 7},${elapsed},${q(label)},${ok ? 200 : 500},${ok ? 'OK' : q('Error, retry')},Thread 1-${i % 9},text,${ok},${q(msg)},${i % 5000},20,9,9,https://x.test/${i % 3},${elapsed},0,1`;
    out.push(line);
    if (msg === TRICKY) tricky.push(offset + line.indexOf('\n') + 1);
    offset += line.length + 1;
  }
  out.push('1714550499999,12,GET /products,2'); // truncated last line
  return { text: out.join('\n'), tricky };
}

const TARGETS = `version: 1
defaults: { window: 5s }
flows:
  - name: browse
    match: { labels: ["GET /products*"] }
    targets: { p95: 300ms }
  - name: checkout
    match: { labels: ["POST /checkout"] }
`;

test('parallel parsing gives exactly the single-threaded summary, line numbers included', async () => {
  const dir = tempDir('perf-par-');
  try {
    const file = join(dir, 'big.jtl');
    const { text, tricky } = generate(40_000);
    writeFileSync(file, text);
    const size = Buffer.byteLength(text);
    const one = await readResults([file], { parallel: { threads: 1 } });
    assert.ok(one.skipped.total >= 40, 'the generated bad rows are skipped');
    assert.match(one.skipped.reasons.map((r) => r.where.join(' ')).join(' '), /big\.jtl:\d+/);
    for (const threads of [2, 3, 4]) {
      const par = await readResults([file], { parallel: { threads, minBytes: 0 } });
      assert.equal(lastParallelStats.ranges, threads);
      assert.deepEqual(par, one, `${threads} threads`);
    }
    // Cuts right inside a quoted field whose next line looks like a row: the guess is wrong, the
    // previous worker's stop offset shows it, and the main thread re-parses that stretch.
    const inside = tricky[3] as number;
    const cuts = [inside, Math.floor(size * 0.6), tricky[30] as number];
    assert.equal(text.slice(inside, inside + FAKE_ROW.length), FAKE_ROW);
    const par = await readResults([file], { parallel: { threads: 4, minBytes: 0, cuts } });
    assert.ok(lastParallelStats.reparsedBytes > 0, 'the wrong guesses were re-parsed');
    assert.deepEqual(par, one);
    assert.ok(!par.flows.some((f) => f.flow === 'GET /fake'));

    const targets = parseTargets(TARGETS);
    const a = await readResults([file], { targets, parallel: { threads: 1 } });
    const b = await readResults([file], { targets, parallel: { threads: 3, minBytes: 0 } });
    assert.deepEqual(b, a);
    assert.ok(a.unmatched.count > 0);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('headerless files and several inputs agree too; gzip stays single-threaded', async () => {
  const dir = tempDir('perf-par-');
  try {
    const { text } = generate(8_000);
    const headerless = join(dir, 'nohead.jtl');
    writeFileSync(headerless, text.slice(text.indexOf('\n') + 1));
    const second = join(dir, 'second.jtl');
    writeFileSync(second, text);
    const one = await readResults([headerless, second], { parallel: { threads: 1 } });
    const par = await readResults([headerless, second], { parallel: { threads: 2, minBytes: 0 } });
    assert.deepEqual(par, one);
    assert.equal(one.sources[0]?.rows, one.sources[1]?.rows);
    const { gzipSync } = await import('node:zlib');
    const gz = join(dir, 'g.jtl.gz');
    writeFileSync(gz, gzipSync(readFileSync(second)));
    lastParallelStats.ranges = 0;
    const z = await readResults([gz], { parallel: { threads: 2, minBytes: 0 } });
    assert.equal(lastParallelStats.ranges, 0);
    assert.deepEqual(z.flows, (await readResults([second], { parallel: { threads: 1 } })).flows);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
