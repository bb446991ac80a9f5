import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../testing/index.js';
import { bufferSource } from './input.js';
import { readResults } from './readResults.js';

// Defect 7: a UTF-8 BOM (k6 NDJSON lost its first line, k6 summary was refused, a JTL lost its
// timeStamp column, Locust its Type column) and CRLF line ends, in every reader.

const root = new URL('../../../', import.meta.url);
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`test/fixtures/perf/${name}`, root)), 'utf8');

const K6_POINT_FIRST = fixture('k6.ndjson').split('\n').slice(1).join('\n');
const INPUTS: Record<string, string[]> = {
  'jmeter-csv': [
    'timeStamp,elapsed,label,responseCode,success\n1714550400000,5,a,200,true\n1714550400100,7,"b, c",500,false\n',
  ],
  'jmeter-csv (no header)': [
    '1714550400000,5,a,200,OK,T,text,true\n1714550400100,7,b,500,ERR,T,text,false\n',
  ],
  'jmeter-xml': [fixture('sample.jtl.xml')],
  'k6-json': [K6_POINT_FIRST],
  'k6-summary': [fixture('k6-summary.json')],
  'locust-stats': [fixture('locust_stats.csv')],
  'locust-stats + history': [fixture('locust_stats.csv'), fixture('locust_stats_history.csv')],
};

const bom = (s: string) => `\uFEFF${s}`;
const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

test('a BOM and CRLF line ends change nothing, in every reader, whatever the chunk size', async () => {
  for (const [what, texts] of Object.entries(INPUTS)) {
    const read = (f: (s: string) => string, chunk?: number) =>
      readResults(texts.map((t, i) => bufferSource(`in${i}`, f(t), chunk)));
    const plain = await read((s) => s);
    assert.ok(plain.overall.count > 0, what);
    for (const [how, f] of [
      ['bom', bom],
      ['crlf', crlf],
      ['bom+crlf', (s: string) => bom(crlf(s))],
    ] as const)
      for (const chunk of [undefined, 1, 2, 5])
        assert.deepEqual(await read(f, chunk), plain, `${what} with ${how}, chunks of ${chunk ?? 'all'}`);
  }
});

test('the first k6 point after a BOM is read (it used to be skipped as unreadable JSON)', async () => {
  const s = await readResults([bufferSource('k.ndjson', bom(K6_POINT_FIRST))]);
  assert.equal(
    s.skipped.reasons.some((r) => r.reason === 'unreadable JSON line'),
    false,
  );
  assert.equal(s.flows.find((f) => f.flow === 'POST /checkout')?.count, 2);
});

test('the parallel JTL reader drops the BOM too', async () => {
  const dir = tempDir('perf-bom-');
  try {
    const rows = ['timeStamp,elapsed,label,responseCode,success'];
    for (let i = 0; i < 5000; i++) rows.push(`${1_714_550_400_000 + i},${5 + (i % 9)},l${i % 3},200,true`);
    const file = join(dir, 'b.jtl');
    writeFileSync(file, bom(crlf(`${rows.join('\n')}\n`)));
    const plain = join(dir, 'p.jtl');
    writeFileSync(plain, `${rows.join('\n')}\n`);
    const expected = await readResults([plain], { parallel: { threads: 1 } });
    for (const threads of [1, 3]) {
      const got = await readResults([file], { parallel: { threads, minBytes: 0 } });
      assert.equal(got.startMs, 1_714_550_400_000, `${threads}: the timeStamp column was found`);
      assert.deepEqual({ ...got, sources: [] }, { ...expected, sources: [] }, `${threads} threads`);
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});
