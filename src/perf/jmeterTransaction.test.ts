// JMeter's Transaction Controller writes a sample of its own for each transaction, after the
// requests inside it, with the message "Number of samples in transaction : N, number of failing
// samples : M". Counting it in the run's totals counted every request and error twice (issue 17).
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../testing/index.js';
import { readResults } from './readResults.js';
import { renderSummary } from './render.js';

const HEADER =
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect';

/** `n` iterations of a "Checkout" transaction holding two requests; every tenth add-to-cart fails. */
function checkoutJtl(n: number): string {
  const lines = [HEADER];
  for (let i = 0; i < n; i++) {
    const t = 1_714_550_400_000 + i * 500;
    const fail = i % 10 === 0;
    lines.push(
      `${t},120,GET /cart,200,OK,Checkout 1-1,text,true,,900,120,1,1,http://shop.test/cart,110,0,2`,
      `${t + 120},${fail ? 340 : 80},POST /cart/items,${fail ? 500 : 201},${fail ? 'Internal Server Error' : 'Created'},Checkout 1-1,text,${!fail},${fail ? 'Test failed: code expected to equal 201' : ''},300,420,1,1,http://shop.test/cart/items,70,0,1`,
      // The transaction's own sample: JMeter leaves dataType and URL empty and writes "null" for the URL.
      `${t},${fail ? 460 : 200},Checkout,${fail ? 500 : 200},"Number of samples in transaction : 2, number of failing samples : ${fail ? 1 : 0}",Checkout 1-1,,${!fail},,1200,540,1,1,null,180,7,3`,
    );
  }
  return `${lines.join('\n')}\n`;
}

test('a Transaction Controller sample is its own flow, marked, and left out of (all)', async () => {
  const dir = tempDir('perf-tc-');
  try {
    const file = join(dir, 'tc.jtl');
    writeFileSync(file, checkoutJtl(2_000));
    for (const parallel of [{ threads: 1 }, { threads: 3, minBytes: 0 }]) {
      const s = await readResults([file], { parallel });
      const tc = s.flows.find((f) => f.flow === 'Checkout');
      assert.equal(tc?.transaction, true, 'the Checkout flow is a transaction');
      assert.equal(tc?.count, 2_000);
      assert.equal(tc?.errors, 200);
      assert.equal(s.flows.find((f) => f.flow === 'GET /cart')?.transaction, undefined);
      assert.equal(s.overall.count, 4_000, 'two requests per iteration, the transaction not again');
      assert.equal(s.overall.errors, 200, 'each failed request once, not twice');
      assert.ok(
        s.overall.percentiles.p99.ms !== null && s.overall.percentiles.p99.ms < 345,
        'no 460 ms transaction in (all)',
      );
      assert.match(
        s.notes.join('\n'),
        /transactions \(JMeter Transaction Controller\): Checkout; shown per flow, left out of \(all\)/,
      );
      const text = renderSummary(s, 'text');
      assert.match(text, /^Checkout \(transaction\) +2000 +200 /m);
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('XML: a transaction sample without nested samples is left out; with "Generate parent sample" it is the requests', async () => {
  const dir = tempDir('perf-tc-xml-');
  try {
    const sample = (lb: string, t: number, ok: boolean, rm: string, inner = '') =>
      `<sample t="${t}" ts="1714550400000" s="${ok}" lb="${lb}" rc="${ok ? 200 : 500}" rm="${rm}" tn="Checkout 1-1"${inner ? `>${inner}</sample>` : '/>'}`;
    const http = (lb: string, t: number, ok: boolean) =>
      `<httpSample t="${t}" ts="1714550400000" s="${ok}" lb="${lb}" rc="${ok ? 200 : 500}" rm="OK" tn="Checkout 1-1"/>`;
    const separate = join(dir, 'separate.xml');
    writeFileSync(
      separate,
      `<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n${http('GET /cart', 120, true)}\n${http('POST /cart/items', 340, false)}\n${sample('Checkout', 460, false, 'Number of samples in transaction : 2, number of failing samples : 1')}\n</testResults>\n`,
    );
    const a = await readResults([separate]);
    assert.equal(a.flows.find((f) => f.flow === 'Checkout')?.transaction, true);
    assert.equal(a.overall.count, 2);
    assert.equal(a.overall.errors, 1);

    const parent = join(dir, 'parent.xml');
    writeFileSync(
      parent,
      `<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n${sample('Checkout', 460, false, 'Number of samples in transaction : 2, number of failing samples : 1', http('GET /cart', 120, true) + http('POST /cart/items', 340, false))}\n</testResults>\n`,
    );
    const b = await readResults([parent]);
    assert.equal(
      b.flows.find((f) => f.flow === 'Checkout')?.transaction,
      undefined,
      'its requests are only inside it',
    );
    assert.equal(b.overall.count, 1);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
