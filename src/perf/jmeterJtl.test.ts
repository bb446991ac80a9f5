import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { InputError } from '../diagnostics/index.js';
import { RunRecorder } from './flowHistograms.js';
import { bufferSource } from './input.js';
import { jtlFastPath, readJtlCsv } from './jmeterJtl.js';
import { readResults } from './readResults.js';
import { summarize } from './summary.js';
import { parseTargets } from './targetsFile.js';

const HEADER =
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect';

const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

function row(
  ts: number,
  elapsed: number | string,
  label: string,
  ok = true,
  url = 'https://x.test/a',
): string {
  return `${ts},${elapsed},${csvField(label)},${ok ? 200 : 500},${ok ? 'OK' : '"Server, Error"'},Thread 1-1,text,${ok},,100,50,1,1,${url},${elapsed},0,3`;
}

/** Within the histogram's precision: never below the exact value, at most 1/1024 above it. */
const near = (got: number | null | undefined, exact: number) =>
  got !== null && got !== undefined && got >= exact && got <= exact * (1 + 1 / 1024) + 1e-9;

async function parse(text: string | Buffer, chunk?: number, targets?: string) {
  const rec = new RunRecorder(targets ? parseTargets(targets) : undefined, 10_000);
  const info = await readJtlCsv(bufferSource('t.jtl', text, chunk), rec);
  return { info, summary: summarize(rec, [info]) };
}

test('header row, quoted labels with commas and quotes, errors and throughput', async () => {
  const lines = [HEADER];
  for (let i = 0; i < 100; i++)
    lines.push(row(1_700_000_000_000 + i * 100, i + 1, 'Buy, "now"', i % 10 !== 0));
  const { info, summary } = await parse(`${lines.join('\n')}\n`);
  assert.equal(info.rows, 100);
  const f = summary.flows[0];
  assert.equal(f?.flow, 'Buy, "now"');
  assert.equal(f?.count, 100);
  assert.equal(f?.errors, 10);
  assert.ok(near(f?.percentiles.p50.ms, 50), `p50 ${f?.percentiles.p50.ms}`);
  assert.ok(near(f?.percentiles.p90.ms, 90), `p90 ${f?.percentiles.p90.ms}`);
  assert.equal(f?.percentiles.p99.enough, false, '100 samples are too few for p99');
  assert.equal(f?.percentiles.p90.enough, true);
  assert.ok(Math.abs((f?.throughput ?? 0) - 100 / 10.0) < 0.2, `throughput ${f?.throughput}`);
  assert.equal(summary.skipped.total, 0);
});

test('headerless JTL in the default column set, and a custom column set', async () => {
  const text = `${row(1_700_000_000_000, 42, 'home')}\n${row(1_700_000_000_500, 58, 'home', false)}\n`;
  const { summary } = await parse(text);
  assert.equal(summary.flows[0]?.count, 2);
  assert.equal(summary.flows[0]?.errors, 1);
  const rec = new RunRecorder();
  await readJtlCsv(bufferSource('c.jtl', '1700000000000,home,7,true\n1700000000001,home,9,true\n'), rec, {
    columns: ['timeStamp', 'label', 'elapsed', 'success'],
  });
  const s = summarize(rec, []);
  assert.equal(s.flows[0]?.maxMs, 9);
  assert.equal(s.flows[0]?.minMs, 7);
});

test('arbitrary labels round-trip through a generated JTL, whatever the chunk boundaries', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', ' ', '\n', 'é', 'x') }), {
        minLength: 1,
        maxLength: 5,
      }),
      fc.integer({ min: 1, max: 200 }),
      fc.boolean(),
      async (labels, chunk, crlf) => {
        const nl = crlf ? '\r\n' : '\n';
        const lines = [HEADER];
        labels.forEach((l, i) => {
          for (let k = 0; k <= i; k++) lines.push(row(1_700_000_000_000 + k, 10 + k, l));
        });
        const { summary } = await parse(lines.join(nl) + nl, chunk);
        const got = new Map(summary.flows.map((f) => [f.flow, f.count]));
        assert.deepEqual(got, new Map(labels.map((l, i) => [l, i + 1])));
        assert.equal(summary.skipped.total, 0);
      },
    ),
    { numRuns: 150 },
  );
});

test('the fast path for plain rows changes nothing: same summary, skips and line numbers', async () => {
  // Fields are raw text (not necessarily valid CSV): stray quotes, CRs, newlines, odd numbers.
  const unit = fc.constantFrom('a', 'é', ',', '"', ' ', '\r', '\n', '1', 'x');
  const junk = fc.string({ unit, maxLength: 4 });
  const ts = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 5000 }).map((d) => String(1_700_000_000_000 + d)) },
    fc.constantFrom('', '1700000000', '2024-05-01T10:00:00.000Z', '99999999999999999999', '017000000000000'),
    junk,
  );
  const elapsed = fc.oneof(
    { weight: 6, arbitrary: fc.nat(100_000).map(String) },
    fc.constantFrom('', 'n/a', '1.5', ' 12', '12 ', '007', '123456789012345678', '"12"', '0'),
    junk,
  );
  const label = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('GET /a', 'POST /b', 'é', '', 'x y') },
    fc.string({ unit, maxLength: 6 }).map((l) => `"${l.replaceAll('"', '""')}"`),
    junk,
  );
  const success = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('true', 'false') },
    fc.constantFrom('TRUE', 'False', '', 'x', '"true"', 't'),
    junk,
  );
  // Quoted fields as JMeter writes them (a comma, a doubled quote, a newline inside), in any column.
  const other = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('200', 'OK', '500', '', '1024', '64') },
    fc.constantFrom('"a,b"', '"say ""hi"""', '"two\nlines"', '"x"'),
    junk,
  );
  const layouts = [
    HEADER,
    'timeStamp,elapsed,label,success',
    'elapsed,label,responseCode',
    'label,x,elapsed,timeStamp,success,y',
  ];
  const field = (name: string) => ({ timeStamp: ts, elapsed, label, success })[name as 'label'] ?? other;
  const rowOf = (cols: string[]) =>
    fc
      .tuple(
        fc.tuple(...cols.map(field)),
        fc.constantFrom(0, 0, 0, 0, 0, 0, -1, 1),
        fc.constantFrom('\n', '\n', '\n', '\r\n', '\n\n'),
      )
      .map(([fields, extra, end]) => {
        const f = extra < 0 ? fields.slice(0, -1) : extra > 0 ? [...fields, 'z'] : fields;
        return f.join(',') + end;
      });
  await fc.assert(
    fc.asyncProperty(
      fc
        .constantFrom(...layouts)
        .chain((h) =>
          fc.tuple(
            fc.constant(h),
            fc.array(rowOf(h.split(',')), { maxLength: 30 }),
            fc.boolean(),
            fc.boolean(),
            fc.integer({ min: 1, max: 300 }),
          ),
        ),
      async ([header, rows, headerless, cutLast, chunk]) => {
        let text = (headerless ? '' : `${header}\n`) + rows.join('');
        if (cutLast) text = text.replace(/\r?\n$/, '');
        const opts = headerless ? { columns: header.split(',') } : {};
        const run = async (fast: boolean, chunk: number) => {
          jtlFastPath.enabled = fast;
          try {
            const rec = new RunRecorder(undefined, 1e9);
            const info = await readJtlCsv(bufferSource('t.jtl', text, chunk), rec, opts);
            return { info, summary: summarize(rec, [info]) };
          } catch (err) {
            return { error: String(err) };
          } finally {
            jtlFastPath.enabled = true;
          }
        };
        const slow = await run(false, 1 << 20);
        assert.deepEqual(await run(true, 1 << 20), slow);
        assert.deepEqual(await run(true, chunk), slow);
        assert.deepEqual(await run(false, chunk), slow);
      },
    ),
    { numRuns: 120 },
  );
});

test('labels with the same hash stay apart, and many labels fold into one flow past the limit', async () => {
  // Pairs with equal 32-bit FNV-1a hashes, which the label table keys on.
  const colliding = ['costarring', 'liquid', 'declinate', 'macallums', 'altarage', 'zinke'];
  const many = Array.from({ length: 700 }, (_, i) => `GET /item/${i}`);
  const lines = [HEADER];
  for (let k = 0; k < 3; k++) {
    colliding.forEach((l, i) => {
      lines.push(row(1_700_000_000_000 + i, 10 + i, l));
    });
    many.forEach((l, i) => {
      lines.push(row(1_700_000_000_000 + i, 5, l));
    });
  }
  const text = `${lines.join('\n')}\n`;
  for (const fast of [true, false]) {
    jtlFastPath.enabled = fast;
    try {
      const { info, summary } = await parse(text, 5000);
      assert.equal(info.rows, 3 * (colliding.length + many.length));
      const counts = new Map(summary.flows.map((f) => [f.flow, f.count]));
      for (const l of colliding) assert.equal(counts.get(l), 3, l);
      assert.equal(summary.flows.find((f) => f.flow === 'zinke')?.maxMs, 15);
      assert.equal(counts.size, 501, 'the 500 first labels, then one flow for the rest');
      assert.equal(counts.get('(other labels)'), 3 * (colliding.length + many.length - 500));
    } finally {
      jtlFastPath.enabled = true;
    }
  }
});

test('bad rows are counted with their line numbers, never silently used', async () => {
  const text = [
    HEADER,
    row(1_700_000_000_000, 10, 'a'),
    row(1_700_000_000_001, 'n/a', 'a'),
    '1700000000002,12,a,200',
    row(1_700_000_000_003, 14, 'a'),
    row(1_700_000_000_004, 16, 'a').slice(0, 30),
  ].join('\n');
  const { summary } = await parse(text);
  assert.equal(summary.flows[0]?.count, 2);
  const reasons = new Map(summary.skipped.reasons.map((r) => [r.reason, r.where]));
  assert.deepEqual(reasons.get('non-numeric elapsed (latency)'), ['t.jtl:3']);
  assert.deepEqual(reasons.get('wrong number of fields (expected 17)'), ['t.jtl:4']);
  assert.deepEqual(reasons.get('truncated last line'), ['t.jtl:6']);
  assert.equal(summary.flows[0]?.maxMs, 14);
});

test('a last line without newline but complete is kept', async () => {
  const { summary } = await parse(`${HEADER}\n${row(1_700_000_000_000, 10, 'a')}`);
  assert.equal(summary.flows[0]?.count, 1);
  assert.equal(summary.skipped.total, 0);
});

test('an unterminated quote is reported, not swallowed', async () => {
  const { summary } = await parse(
    `${HEADER}\n${row(1_700_000_000_000, 10, 'a')}\n1700000000001,11,"broken,200`,
  );
  assert.equal(summary.flows[0]?.count, 1);
  assert.equal(summary.skipped.reasons[0]?.reason, 'truncated last line');
});

test('empty file, header-only file and another tool’s header are clear errors', async () => {
  await assert.rejects(parse(''), (e: unknown) => e instanceof InputError && /empty/.test(e.message));
  await assert.rejects(
    readResults([bufferSource('h.jtl', `${HEADER}\n`)]),
    (e: unknown) => e instanceof InputError && /no readable samples/.test(e.message),
  );
  await assert.rejects(
    readResults([bufferSource('l.csv', 'Name,Request Count,Failure Count\nfoo,1,0\n')], {
      format: 'jmeter-csv',
    }),
    (e: unknown) => e instanceof InputError && e.location.line === 1 && /Locust/.test(e.message),
  );
  await assert.rejects(
    parse('hello,world\n1,2\n'),
    (e: unknown) => e instanceof InputError && e.location.line === 1 && /not a JMeter JTL/.test(e.message),
  );
});

test('gzip is detected by magic bytes', async () => {
  const text = `${HEADER}\n${row(1_700_000_000_000, 10, 'a')}\n${row(1_700_000_000_000, 30, 'a')}\n`;
  const { summary } = await parse(gzipSync(Buffer.from(text)), 5);
  assert.equal(summary.flows[0]?.count, 2);
  const dir = mkdtempSync(join(tmpdir(), 'perf-gz-'));
  try {
    const p = join(dir, 'results.csv'); // no .gz in the name on purpose
    writeFileSync(p, gzipSync(Buffer.from(text)));
    const s = await readResults([p]);
    assert.equal(s.overall.count, 2);
    assert.equal(s.sources[0]?.gzip, true);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('formatted timestamps in mixed time zones are normalised and reported', async () => {
  const h = 'timeStamp,elapsed,label,success';
  const text = `${h}\n2024-05-01T10:00:00.000+02:00,10,a,true\n2024-05-01T08:00:30.000Z,20,a,true\n2024/05/01 08:00:40.000,30,a,true\n`;
  const { summary } = await parse(text);
  assert.equal(summary.durationSec, 40.03);
  assert.equal(summary.startMs, Date.UTC(2024, 4, 1, 8, 0, 0));
  assert.ok(summary.notes.some((n) => /mixed time zones/.test(n)));
  assert.ok(summary.notes.some((n) => /several time zones/.test(n)));
});

test('several files (distributed engines) add up, and flows follow the targets file', async () => {
  const targets = 'flows:\n  - name: shop\n    match: { labels: ["GET /p*"], urls: ["*/cart"] }\n';
  const a = `${HEADER}\n${row(1_700_000_000_000, 10, 'GET /products')}\n${row(1_700_000_000_000, 10, 'other', true, 'https://x/cart')}\n`;
  const b = `${HEADER}\n${row(1_700_000_001_000, 30, 'GET /p/1')}\n${row(1_700_000_001_000, 30, 'nope')}\n`;
  const s = await readResults([bufferSource('a.jtl', a), bufferSource('b.jtl', b)], {
    targets: parseTargets(targets),
  });
  assert.equal(s.flows.length, 1);
  assert.equal(s.flows[0]?.count, 3);
  assert.equal(s.unmatched.count, 1);
  assert.deepEqual(s.unmatched.labels, ['nope']);
});

test('percentiles agree with GNU datamash on the same generated JTL', async (t) => {
  if (spawnSync('datamash', ['--version']).error) {
    t.skip('datamash is not on PATH: install it (apt-get install datamash) to run this check');
    return;
  }
  // Many samples over a small integer range: the order statistics around each percentile are tied,
  // so datamash's interpolated percentile (R type 7) equals the nearest-rank one exactly and any
  // difference left is the histogram's 0.1%.
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const labels = ['GET /a', 'POST /b, "x"', 'GET /c'];
  const lines = [HEADER];
  for (let i = 0; i < 30_000; i++) {
    const l = labels[i % 3] ?? '';
    const elapsed = Math.floor(1 + (i % 3 === 1 ? 3000 : 400) * rand() ** 2);
    lines.push(row(1_700_000_000_000 + i, elapsed, l));
  }
  const text = `${lines.join('\n')}\n`;
  const dm = spawnSync(
    'datamash',
    ['-t,', '-H', '-s', '-g', '3', 'perc:50', '2', 'perc:95', '2', 'perc:99', '2'],
    {
      input: text,
      encoding: 'utf8',
    },
  );
  assert.equal(dm.status, 0, dm.stderr);
  const { summary } = await parse(text);
  const ours = new Map(summary.flows.map((f) => [f.flow, f]));
  const out = dm.stdout.trim().split('\n').slice(1);
  // datamash does not understand CSV quoting: it sees the quoted label split in two, shifting columns.
  let compared = 0;
  for (const line of out) {
    const parts = line.split(',');
    const label = parts[0] ?? '';
    const f = ours.get(label);
    if (!f) continue;
    const [p50, p95, p99] = parts.slice(1).map(Number);
    for (const [mine, theirs] of [
      [f.percentiles.p50.ms, p50],
      [f.percentiles.p95.ms, p95],
      [f.percentiles.p99.ms, p99],
    ] as const) {
      assert.ok(mine !== null && theirs !== undefined);
      assert.ok(
        Math.abs(mine - theirs) <= theirs / 1024 + 1e-9,
        `${label}: ours ${mine}, datamash ${theirs}`,
      );
      compared++;
    }
  }
  assert.equal(compared, 6, 'both unquoted labels compared');
});

test('whole-millisecond samples read as whole milliseconds, not as the tops of histogram buckets', async () => {
  const lines = [HEADER];
  // 200, 201, …, 240 ms, 25 times each: every percentile is one of those whole values.
  for (let r = 0; r < 25; r++)
    for (let ms = 200; ms <= 240; ms++) lines.push(row(1_700_000_000_000 + (r * 41 + ms) * 10, ms, 'GET /a'));
  const { summary } = await parse(`${lines.join('\n')}\n`);
  const f = summary.overall;
  for (const key of ['p50', 'p90', 'p95', 'p99'] as const) {
    const ms = f.percentiles[key].ms ?? Number.NaN;
    assert.ok(Number.isInteger(ms), `${key} ${ms} is a whole millisecond`);
  }
  assert.equal(f.percentiles.p50.ms, 220);
  assert.equal(f.percentiles.p95.ms, 238);
  assert.equal(f.maxMs, 240);
  assert.match(summary.precision, /whole milliseconds/);
  for (const w of f.windows)
    if (w.p95Ms !== null && w.p95Ms !== undefined) assert.ok(Number.isInteger(w.p95Ms));
  // One fractional sample (k6, or a JMeter plugin writing microseconds) and values keep their decimals.
  const frac = await parse(`${lines.join('\n')}\n${row(1_700_000_100_000, '12.5', 'GET /a')}\n`);
  assert.doesNotMatch(frac.summary.precision, /whole milliseconds/);
  assert.ok(!Number.isInteger(frac.summary.overall.percentiles.p95.ms ?? 0), 'bucket tops show again');
});

test("a flow's own throughput spans its first to last sample, as JMeter's dashboard computes it", async () => {
  const lines = [HEADER];
  // /a runs for the whole 100 s at 1 req/s; /b only for the last 10 s, at 2 req/s.
  for (let i = 0; i < 100; i++) lines.push(row(1_700_000_000_000 + i * 1000, 0, 'GET /a'));
  for (let i = 0; i < 20; i++) lines.push(row(1_700_000_090_000 + i * 500, 0, 'GET /b'));
  const { summary } = await parse(`${lines.join('\n')}\n`);
  const a = summary.flows.find((f) => f.flow === 'GET /a');
  const b = summary.flows.find((f) => f.flow === 'GET /b');
  assert.ok(Math.abs((a?.flowThroughput ?? 0) - 100 / 99) < 0.02, `a ${a?.flowThroughput}`);
  assert.ok(Math.abs((b?.flowThroughput ?? 0) - 20 / 9.5) < 0.02, `b ${b?.flowThroughput}`);
  assert.ok((b?.throughput ?? 0) < 0.25, 'over the whole run /b is slow');
  assert.equal(summary.overall.flowThroughput, undefined);
});

test('RunRecorder.addOk records exactly what add records for the same successful sample', () => {
  const a = new RunRecorder(undefined, 5000);
  const b = new RunRecorder(undefined, 5000);
  const fa = a.matcher.flowOf('GET /a');
  const fb = b.matcher.flowOf('GET /a');
  let seed = 3;
  for (let i = 0; i < 5000; i++) {
    seed = (seed * 48271) % 2147483647;
    const ts = 1_700_000_000_000 + i * 13 + (seed % 50);
    const el = seed % 3 === 0 ? 0 : seed % 40_000;
    a.add(fa, ts, el * 1000, true, 100 + (i % 7), 20, 4 + (i % 3));
    b.addOk(fb, ts, el, 100 + (i % 7), 20, 4 + (i % 3));
  }
  assert.deepEqual(summarize(b, []), summarize(a, []));
});
