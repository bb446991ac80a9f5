import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../diagnostics/index.js';
import { bufferSource } from './input.js';
import { detectFormat, readResults } from './readResults.js';
import { renderSummary } from './render.js';

// Locust 2.12's --csv files, column for column as its StatsCSV writes them.
const STATS_HEAD =
  'Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%';
const HISTORY_HEAD =
  'Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size';
const NA = Array(11).fill('N/A').join(',');
const T0 = 1714550400; // 08:00:00 UTC

/**
 * Locust's default history (Aggregated rows only): one row a second, running totals, percentiles of
 * the run so far, and "Requests/s" its ~10 s current rate (0 at first). 120 requests a second,
 * 1 in 40 failing, mean 40 ms.
 */
function defaultHistory(seconds: number): string {
  const rows = [`${HISTORY_HEAD}`, `${T0},0,,Aggregated,0.000000,0.000000,${NA},0,0,0,0.0,0,0,0`];
  for (let s = 1; s <= seconds; s++) {
    const total = 120 * s;
    const rps = s < 3 ? '0.000000' : '120.000000';
    rows.push(
      `${T0 + s},10,,Aggregated,${rps},3.000000,38,41,44,46,52,58,66,71,90,95,95,${total},${3 * s},38,40.0,5.0,95.0,100.0`,
    );
  }
  return `${rows.join('\n')}\n`;
}

const read = (files: [string, string][], windowMs?: number) =>
  readResults(
    files.map(([name, text]) => bufferSource(name, text)),
    windowMs ? { windowMs } : {},
  );

test('a stats history alone is read: totals from its last row, a window per row interval', async () => {
  const s = await read([['run_stats_history.csv', defaultHistory(30)]]);
  assert.equal(s.overall.count, 3600);
  assert.equal(s.overall.errors, 90);
  assert.equal(s.overall.meanMs, 40);
  assert.equal(s.overall.percentiles.p95.ms, 58, 'without --csv-full-history the percentiles are the run’s');
  assert.equal(s.durationSec, 30);
  assert.equal(s.overall.throughput, 120);
  assert.equal(s.windowing.source, 'reported');
  assert.equal(s.windowing.rowIntervalSec, 1);
  assert.equal(s.windowSec, 1);
  assert.equal(s.windowing.percentileSpan, 'since-start');
  const w = s.overall.windows;
  assert.equal(w.length, 30);
  // From the running totals, not Locust's lagging current rate (which reads 0 for the first rows).
  assert.ok(w.every((x) => x.count === 120 && x.throughput === 120 && x.errors === 3));
  assert.ok(w.every((x) => x.activeUsers === 10));
  assert.ok(s.notes.some((n) => /totals from the stats history’s last row/.test(n)));
  const text = renderSummary(s, 'text');
  assert.match(text, /one window per 1 s row of the stats history/);
  assert.match(text, /p95 is of the run from its start to each window's end/);
});

test('--window regroups the history’s rows; the heading says so', async () => {
  const s = await read([['run_stats_history.csv', defaultHistory(30)]], 5000);
  assert.equal(s.windowSec, 5);
  assert.equal(s.overall.windows.length, 6);
  assert.ok(s.overall.windows.every((x) => x.count === 600 && x.throughput === 120));
  assert.equal(s.overall.windows[0]?.startMs, T0 * 1000);
  assert.match(renderSummary(s, 'text'), /5 s windows of the stats history's 1 s rows/);
});

test('--csv-full-history: rolling percentiles, 0 read as no data, too few requests not shown', async () => {
  const rows = [HISTORY_HEAD];
  for (let s = 0; s <= 20; s++) {
    // /slow gets its first requests at 8 s; Locust's rolling percentiles read 0 until it has data.
    const slow = s < 8 ? 0 : 6 * (s - 7);
    const fast = 30 * s;
    const pct = (ms: number, n: number) =>
      n === 0
        ? NA
        : s < 3 || (ms > 100 && s < 10)
          ? Array(11).fill('0').join(',')
          : `${ms},${ms},${ms},${ms},${ms + 5},${ms + 10},${ms + 15},${ms + 20},${ms + 30},${ms + 30},${ms + 30}`;
    rows.push(`${T0 + s},5,GET,/fast,0.000000,0.000000,${pct(22, fast)},${fast},0,22,22.5,20.1,76.6,100.0`);
    rows.push(
      `${T0 + s},5,GET,/slow,0.000000,0.000000,${pct(120, slow)},${slow},0,120,122.7,120.2,163.2,100.0`,
    );
    rows.push(
      `${T0 + s},5,,Aggregated,0.000000,0.000000,${pct(25, fast + slow)},${fast + slow},0,22,30.1,20.1,163.2,100.0`,
    );
  }
  const s = await read([['run_stats_history.csv', `${rows.join('\n')}\n`]]);
  assert.equal(s.windowing.percentileSpan, 'rolling');
  assert.equal(s.windowing.rollingSec, 10);
  const slow = s.flows.find((f) => f.flow === '/slow');
  assert.ok(slow);
  for (const w of slow.windows) {
    const p = w.percentiles?.p95;
    assert.notEqual(p?.ms, 0, 'Locust’s 0 is no data, never 0 ms');
    // Under 110 requests in the 10 s before the row: its p95 is not shown.
    if ((w.count ?? 0) === 0) assert.equal(w.p95Ms, null);
  }
  assert.equal(slow.windows[6]?.count, 0);
  assert.equal(slow.windows[7]?.count, 6);
  assert.equal(slow.windows[8]?.percentiles?.p95?.ms, null, 'a row of 0s while it has requests');
  assert.equal(slow.windows[19]?.percentiles?.p95?.ms, 130);
  assert.equal(slow.windows[19]?.p95Ms, null, '60 requests in the last 10 s are too few');
  assert.equal(s.flows.find((f) => f.flow === '/fast')?.windows[19]?.p95Ms, 32);
  // The rolling percentiles are not the run's: only the median is known from the totals.
  assert.equal(s.overall.percentiles.p50.ms, 22);
  assert.equal(s.overall.percentiles.p95.ms, null);
  const text = renderSummary(s, 'text');
  assert.match(text, /Locust's rolling figure over the 10 s before each window's end/);
  assert.match(text, /p95 ms \(rolling\)/);
});

test('stats and a history that stops early: the stats totals, and a warning', async () => {
  const stats = `${STATS_HEAD}\n,Aggregated,4800,120,38,40.2,5.0,120.0,100.0,120.0,3.0,38,41,44,46,52,58,66,71,90,95,120\n`;
  const s = await read([
    ['run_stats.csv', stats],
    ['run_stats_history.csv', defaultHistory(30)],
  ]);
  assert.equal(s.overall.count, 4800);
  assert.ok(
    s.notes.some((n) => /ends early: its last row \(08:00:30 UTC\) counts 3600 of the 4800 requests/.test(n)),
    s.notes.join('\n'),
  );
  const same = await read([
    ['run_stats.csv', stats.replace(',4800,', ',3600,')],
    ['run_stats_history.csv', defaultHistory(30)],
  ]);
  assert.ok(!same.notes.some((n) => /ends early/.test(n)));
});

test('_failures.csv is recognised: errors by message with the stats, a clear refusal alone', async () => {
  const failures =
    'Method,Name,Error,Occurrences\nGET,/err,"HTTPError(\'500 Server Error: Internal Server Error for url: /err\')",510\nGET,/err,"ConnectionResetError(104, \'Connection reset by peer\')",3\n';
  assert.equal(detectFormat(Buffer.from(failures), 'run_failures.csv'), 'locust-failures');
  const stats = `${STATS_HEAD}\nGET,/err,513,513,7,7.7,5.0,62.0,100.0,26.8,26.8,7,8,8,9,10,12,16,18,62,62,62\n,Aggregated,513,513,7,7.7,5.0,62.0,100.0,26.8,26.8,7,8,8,9,10,12,16,18,62,62,62\n`;
  const s = await read([
    ['run_stats.csv', stats],
    ['run_failures.csv', failures],
    ['run_exceptions.csv', 'Count,Message,Traceback,Nodes\n'],
  ]);
  assert.deepEqual(s.flows.find((f) => f.flow === '/err')?.errorTypes, [
    {
      code: '500',
      message: "HTTPError('500 Server Error: Internal Server Error for url: /err')",
      count: 510,
    },
    { code: null, message: "ConnectionResetError(104, 'Connection reset by peer')", count: 3 },
  ]);
  assert.equal(s.overall.errorTypes?.[0]?.count, 510);
  await assert.rejects(
    read([['run_failures.csv', failures]]),
    (e: unknown) =>
      e instanceof InputError &&
      /a Locust failures file lists failed requests by error, not the requests themselves/.test(e.message) &&
      /_stats\.csv/.test(e.hint ?? ''),
  );
  // Read as a JTL on purpose, it is named for what it is.
  await assert.rejects(
    readResults([bufferSource('run_failures.csv', failures)], { format: 'jmeter-csv' }),
    /line 1 is the header of a Locust --csv failures file/,
  );
});
