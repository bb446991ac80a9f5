import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../testing/index.js';
import { renderSummaryHtml } from './html.js';
import { bufferSource } from './input.js';
import { readResults } from './readResults.js';
import { renderSummary } from './render.js';
import type { RunSummary } from './summary.js';

// JMeter 5's default CSV columns; failed rows as JMeter writes them (quoted when they hold a comma).
const HEADER =
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect';
const START = Date.UTC(2024, 4, 1, 9, 30, 0, 0);

interface Row {
  ts: number;
  elapsed: number;
  label: string;
  code: string;
  msg: string;
  ok: boolean;
  failure: string;
  bytes: number;
  sent: number;
  threads: number;
}

/** 20 s: threads ramp 2 → 4 at 10 s; /cart fails in two ways, /home once. */
function samples(): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < 200; i++) {
    const ts = START + i * 100;
    const cart = i % 2 === 1;
    const r: Row = {
      ts,
      elapsed: 20 + (i % 10) * 10, // 20..110 ms
      label: cart ? 'POST /cart' : 'GET /home',
      code: '200',
      msg: 'OK',
      ok: true,
      failure: '',
      bytes: cart ? 2048 : 1024,
      sent: cart ? 512 : 256,
      threads: ts < START + 10_000 ? 2 : 4,
    };
    if (cart && i % 10 === 1) Object.assign(r, { code: '503', msg: 'Service Unavailable', ok: false });
    if (cart && i % 10 === 5)
      Object.assign(r, { ok: false, failure: 'Test failed: text expected to contain /total, €/' });
    if (i === 100)
      Object.assign(r, {
        code: 'Non HTTP response code: java.net.SocketTimeoutException',
        msg: 'Non HTTP response message: Read timed out',
        ok: false,
      });
    out.push(r);
  }
  return out;
}

const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const csv = (header: boolean) =>
  `${[
    ...(header ? [HEADER] : []),
    ...samples().map(
      (r, i) =>
        `${r.ts},${r.elapsed},${r.label},${q(r.code)},${q(r.msg)},Thread Group 1-${(i % r.threads) + 1},text,${r.ok},${q(r.failure)},${r.bytes},${r.sent},${r.threads},${r.threads},http://127.0.0.1:8080/x,${r.elapsed - 5},0,2`,
    ),
  ].join('\n')}\n`;

const attr = (v: string) => v.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
// The same samples as XML; there an assertion's message is a child element, not an attribute. A
// passing assertion comes first, as when a sample has two, so the failing one's message is taken.
const assertions = (failure: string) =>
  failure
    ? `>\n  <assertionResult>\n    <name>Duration Assertion</name>\n    <failure>false</failure>\n    <error>false</error>\n  </assertionResult>\n  <assertionResult>\n    <name>Response Assertion</name>\n    <failure>true</failure>\n    <error>false</error>\n    <failureMessage>${attr(failure)}</failureMessage>\n  </assertionResult>\n</httpSample>`
    : '/>';
const xml = () =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n${samples()
    .map(
      (r, i) =>
        `<httpSample t="${r.elapsed}" it="0" lt="${r.elapsed - 5}" ct="2" ts="${r.ts}" s="${r.ok}" lb="${attr(r.label)}" rc="${attr(r.code)}" rm="${attr(r.msg)}" tn="Thread Group 1-${(i % r.threads) + 1}" dt="text" by="${r.bytes}" sby="${r.sent}" ng="${r.threads}" na="${r.threads}"${assertions(r.failure)}`,
    )
    .join('\n')}\n</testResults>\n`;

async function read(text: string, name: string, windowMs = 5000): Promise<RunSummary> {
  return readResults([bufferSource(name, text, 1000)], { windowMs });
}

test('mean, min, max, KB/s in and out, per flow and for the run', async () => {
  const s = await read(csv(true), 'run.jtl');
  const home = s.flows.find((f) => f.flow === 'GET /home');
  assert.equal(home?.meanMs, 60, 'exact: (20+40+…+100)/5 over the even rows');
  assert.equal(home?.minMs, 20);
  assert.equal(home?.maxMs, 100);
  // 100 rows of 1,024 bytes over the run (19.9 s + 110 ms of the last sample).
  assert.equal(home?.receivedKBps, Math.round((100 / (s.durationSec ?? 1)) * 100) / 100);
  assert.equal(home?.sentKBps, Math.round((25 / (s.durationSec ?? 1)) * 100) / 100);
  assert.equal(s.overall.receivedKBps, Math.round((300 / (s.durationSec ?? 1)) * 100) / 100);
  const text = renderSummary(s, 'text');
  assert.match(
    text.split('\n')[2] ?? '',
    /flow +count +errors +error % +req\/s +own req\/s +KB\/s in +KB\/s out +mean ms +min ms +p50 ms/,
  );
  assert.match(text, /KB\/s in and out: bytes received and sent \(KB = 1,024 bytes\) over the whole run/);
});

test('errors by response code and message: an assertion’s message first, quoted commas kept', async () => {
  const s = await read(csv(true), 'run.jtl');
  assert.deepEqual(s.overall.errorTypes, [
    { code: '503', message: 'Service Unavailable', count: 20 },
    { code: '200', message: 'Test failed: text expected to contain /total, €/', count: 20 },
    {
      code: 'Non HTTP response code: java.net.SocketTimeoutException',
      message: 'Non HTTP response message: Read timed out',
      count: 1,
    },
  ]);
  assert.equal(s.flows.find((f) => f.flow === 'POST /cart')?.errorTypes?.length, 2);
  const text = renderSummary(s, 'text');
  assert.match(text, /Errors by response code and message/);
  assert.match(text, /503 +Service Unavailable +20 +48\.78% +10%/);
  assert.match(text, /Top errors per flow/);
  const md = renderSummary(s, 'md');
  assert.match(
    md,
    /\| POST \/cart \| 200 \| Test failed: text expected to contain \/total, €\/ \| 20 \| 20% \|/,
  );
  const html = await renderSummaryHtml(s);
  assert.match(html, /<h2>Errors by response code and message<\/h2>/);
  assert.match(html, /<td>Test failed: text expected to contain \/total, €\/<\/td>/);
});

test('active threads over time from allThreads, in the windows and the over-time table', async () => {
  const s = await read(csv(true), 'run.jtl');
  assert.deepEqual(
    s.overall.windows.map((w) => w.activeUsers),
    [2, 2, 4, 4],
  );
  assert.match(
    renderSummary(s, 'text'),
    /window start \(UTC\) +count +req\/s +errors +mean ms +p95 ms +threads/,
  );
});

test('headerless CSV and XML give the same tables, the assertion message included', async () => {
  const a = await read(csv(true), 'run.jtl');
  const b = await read(csv(false), 'run.jtl');
  assert.deepEqual(b.flows, a.flows);
  const x = await read(xml(), 'run.jtl.xml');
  assert.deepEqual(x.flows, a.flows);
  assert.deepEqual(x.overall.errorTypes, a.overall.errorTypes);
  assert.deepEqual(
    x.flows.find((f) => f.flow === 'POST /cart')?.errorTypes?.find((e) => e.code === '200'),
    { code: '200', message: 'Test failed: text expected to contain /total, €/', count: 20 },
  );
});

test('XML assertion results: the first failing one’s message, CDATA and entities decoded, sub-results’ assertions not taken', async () => {
  const doc = (body: string) =>
    `<?xml version="1.0"?>\n<testResults version="1.2">\n${body}\n</testResults>\n`;
  const failing = (name: string, message: string) =>
    `<assertionResult><name>${name}</name><failure>true</failure><error>false</error><failureMessage>${message}</failureMessage></assertionResult>`;
  const erring =
    '<assertionResult><name>JSON</name><failure>false</failure><error>true</error><failureMessage>bad JSON &amp; more</failureMessage></assertionResult>';
  const passing =
    '<assertionResult><name>Size</name><failure>false</failure><error>false</error><failureMessage>not this</failureMessage></assertionResult>';
  const s = await read(
    doc(
      [
        `<httpSample t="10" ts="1714550400000" s="false" lb="a" rc="200" rm="OK">${passing}${failing('R', '<![CDATA[expected <ok>]]>')}${failing('R2', 'second')}</httpSample>`,
        `<httpSample t="10" ts="1714550400100" s="false" lb="a" rc="200" rm="OK">${erring}</httpSample>`,
        // A failing assertion on a redirect (a sub-result) is not the sample's own.
        `<httpSample t="10" ts="1714550400200" s="false" lb="a" rc="500" rm="Server Error"><httpSample t="4" ts="1714550400200" s="false" lb="a-0" rc="302" rm="Found">${failing('R', 'sub')}</httpSample></httpSample>`,
        '<httpSample t="10" ts="1714550400300" s="false" lb="a" rc="503" rm="Busy"><assertionResult><name>R</name><failure>true</failure><failureMessage/></assertionResult></httpSample>',
      ].join('\n'),
    ),
    'r.xml',
  );
  assert.deepEqual(s.overall.errorTypes?.map((e) => [e.code, e.message, e.count]).sort(), [
    ['200', 'bad JSON & more', 1],
    ['200', 'expected <ok>', 1],
    ['500', 'Server Error', 1],
    ['503', 'Busy', 1],
  ]);
});

test('an XML file cut off inside a failed sample’s assertions still counts its error', async () => {
  const s = await read(
    '<testResults version="1.2">\n<httpSample t="10" ts="1714550400000" s="false" lb="a" rc="500" rm="Err">\n<assertionResult><name>R</name>',
    'cut.xml',
  );
  assert.equal(s.overall.errors, 1);
  assert.deepEqual(s.overall.errorTypes, [{ code: '500', message: 'Err', count: 1 }]);
});

test('windows count failures by response code, in the window of each failed sample', async () => {
  const s = await read(csv(true), 'run.jtl');
  const coded = s.overall.windows.filter((w) => w.errorCodes);
  assert.ok(coded.length > 0);
  for (const w of s.overall.windows) {
    const sum = Object.values(w.errorCodes ?? {}).reduce((a, b) => a + b, 0);
    assert.equal(sum, w.errors, `a window's codes add up to its errors (${w.startMs})`);
  }
  const all: Record<string, number> = {};
  for (const w of coded) for (const [c, n] of Object.entries(w.errorCodes ?? {})) all[c] = (all[c] ?? 0) + n;
  assert.deepEqual(all, {
    '503': 20,
    '200': 20,
    'Non HTTP response code: java.net.SocketTimeoutException': 1,
  });
  const x = await read(xml(), 'run.jtl.xml');
  assert.deepEqual(
    x.overall.windows.map((w) => w.errorCodes),
    s.overall.windows.map((w) => w.errorCodes),
  );
});

test('parallel parsing keeps byte counts, error types and threads', async () => {
  const dir = tempDir('perf-tables-');
  try {
    const file = join(dir, 'run.jtl');
    writeFileSync(file, csv(true));
    const one = await readResults([file], { windowMs: 5000, parallel: { threads: 1 } });
    const two = await readResults([file], { windowMs: 5000, parallel: { threads: 2, minBytes: 0 } });
    assert.deepEqual(two.flows, one.flows);
    assert.deepEqual(two.overall, one.overall);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without a success column the response code decides', async () => {
  const s = await read(
    'timeStamp,elapsed,label,responseCode\n1714550400000,10,a,200\n1714550400100,12,a,500\n',
    'r.jtl',
  );
  assert.equal(s.overall.errors, 1);
  assert.deepEqual(s.overall.errorTypes, [{ code: '500', message: '', count: 1 }]);
});
