import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { isInputError } from '../diagnostics/index.js';
import { anyText, fuzzReader, fuzzRuns, mutated, recordTally, type Tally } from '../testing/fuzz.js';
import { tempDir } from '../testing/index.js';
import { baselineFromSummary, formatBaseline, parseBaseline } from './baseline.js';
import { compareRun } from './compare.js';
import { RunRecorder } from './flowHistograms.js';
import { bufferSource } from './input.js';
import { readLocustStats } from './locust.js';
import { readLocustHistory } from './locustHistory.js';
import { type InputFormat, readResults } from './readResults.js';
import { renderBaseline, renderComparison, renderSummary } from './render.js';
import { type RunSummary, summarize } from './summary.js';
import { parseTargets } from './targetsFile.js';

// Generated hostile inputs for every perf reader: each must accept its input or refuse it as an
// InputError (see src/testing/fuzz.ts); a crash, a hang or any other error is a bug. Accepted
// inputs are also rendered in every table format, where an impossible value used to throw.

const root = new URL('../../../', import.meta.url);
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`test/fixtures/perf/${name}`, root)), 'utf8');
const tallies: Tally[] = [];
after(() => {
  // The tallies, for docs/reliability.md and the report (also in WAYMARK_FUZZ_REPORT when set).
  console.log(`perf fuzz tallies (WAYMARK_FUZZ_RUNS=${process.env.WAYMARK_FUZZ_RUNS ?? '1'}):`);
  for (const t of tallies)
    console.log(`  ${t.name}: ${t.runs} runs, ${t.accepted} accepted, ${t.rejected} rejected`);
});

const JTL_CSV = [
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes\n1714550400000,120,POST /checkout,200,OK,T 1-1,text,true,,512\n1714550400100,340,"GET /products, ""all""",500,"Server, Error",T 1-2,text,false,"boom\nagain",10\n1714550401000,80,GET /products,200,OK,T 1-1,text,true,,20\n',
  '1714550400000,42,home,200,OK,T,text,true\n1714550400500,58,home,500,ERR,T,text,false\n1714550401500,-3,home,200,OK,T,text,true\n',
  'timeStamp,elapsed,label,success\r\n2024-05-01 10:00:00.100+02:00,5,a,true\r\n2024-05-01T08:00:01Z,6,b,false\r\n',
];
const JTL_XML = [
  fixture('sample.jtl.xml'),
  '<testResults version="1.2">\n<sample t="5" ts="1714550400000" s="true" lb="a &amp; b"/>\n<httpSample t="9" ts="1714550400010" rc="500" lb=\'c\'>\n  <sample t="1" lb="sub"/>\n  <responseData><![CDATA[<x>]]></responseData>\n</httpSample>\n</testResults>\n',
];
const K6_JSON = [fixture('k6.ndjson')];
const K6_SUMMARY = [fixture('k6-summary.json')];
const LOCUST_STATS = [fixture('locust_stats.csv')];
const LOCUST_HISTORY = [fixture('locust_stats_history.csv')];
const TARGETS = [
  fixture('waymark.perf.yaml'),
  fixture('bad-targets.yaml'),
  'version: 1\ndefaults: { window: 5s, tolerance: { p95: 20% } }\nflows:\n  - name: buy\n    match: { labels: ["/^(POST|PUT) \\/check(out)?$/"], urls: ["https://x/c*"] }\n    targets: { p95: 300ms, throughput: 2/s }\n  - name: browse\n    match: { labels: ["GET /products/??"] }\n',
  'flows:\n  - name: POST /checkout\n  - name: all\n    match: { labels: ["*"] }\n    rank: { criticality: high }\n',
];

function render(s: RunSummary): void {
  for (const f of ['text', 'md', 'json'] as const) renderSummary(s, f);
}

const readAs = (format: InputFormat) => async (text: string) =>
  render(await readResults([bufferSource('r', text, 97)], { format }));

const detected = async (text: string) => render(await readResults([bufferSource('r', text)]));

const texts = (samples: string[]) =>
  fc.oneof({ arbitrary: mutated(samples), weight: 9 }, { arbitrary: anyText, weight: 1 });

async function fuzz(name: string, samples: string[], read: (text: string) => unknown, base = 300) {
  tallies.push(await fuzzReader(name, texts(samples), read, base));
}

test('JTL CSV', () => fuzz('perf JTL CSV', JTL_CSV, readAs('jmeter-csv')));
test('JTL XML', () => fuzz('perf JTL XML', JTL_XML, readAs('jmeter-xml')));
test('k6 NDJSON', () => fuzz('perf k6 NDJSON', K6_JSON, readAs('k6-json')));
test('k6 summary JSON', () => fuzz('perf k6 summary', K6_SUMMARY, readAs('k6-summary')));
test('Locust stats CSV', () => fuzz('perf Locust stats', LOCUST_STATS, readAs('locust-stats')));
test('Locust stats history CSV', () =>
  fuzz('perf Locust stats history', LOCUST_HISTORY, async (text) => {
    // The reader itself, next to a good stats file.
    const rec = new RunRecorder();
    const stats = await readLocustStats(bufferSource('s', LOCUST_STATS[0] ?? ''), rec);
    const history = await readLocustHistory(bufferSource('h', text, 97), rec);
    render(summarize(rec, [stats, history]));
  }));
test('any results file, format detected', () =>
  fuzz(
    'perf results (detected)',
    [...JTL_CSV, ...JTL_XML, ...K6_JSON, ...K6_SUMMARY, ...LOCUST_STATS],
    detected,
  ));

const SMALL_JTL =
  'timeStamp,elapsed,label,URL\n1714550400000,5,POST /checkout,https://x/c\n1714550400100,7,GET /products/42,https://x/p\n';
test('targets file (YAML), then used to read a run', () =>
  fuzz('perf targets file', TARGETS, async (text) => {
    const targets = parseTargets(text, 't.yaml');
    render(await readResults([bufferSource('r.jtl', SMALL_JTL)], { targets }));
  }));

test('baseline file (YAML), then compared against a run', async () => {
  const run = await readResults([bufferSource('r.jtl', SMALL_JTL)]);
  const valid = formatBaseline(baselineFromSummary(run, new Date(Date.UTC(2024, 4, 1))));
  const reported = formatBaseline(
    baselineFromSummary(await readResults([bufferSource('s.csv', LOCUST_STATS[0] ?? '')])),
  );
  await fuzz('perf baseline file', [valid, reported], (text) => {
    const b = parseBaseline(text, 'b.yaml');
    for (const f of ['text', 'md', 'json'] as const) {
      renderBaseline(b, f);
      renderComparison(compareRun(run, undefined, b), f);
    }
  });
});

test('every baseline written from an accepted run reads back', async () => {
  // Whatever a reader accepts must give a baseline file that parseBaseline accepts again.
  const tally: Tally = { name: 'perf baseline round trip', runs: 0, accepted: 0, rejected: 0 };
  await fc.assert(
    fc.asyncProperty(texts([...JTL_CSV, ...K6_JSON, ...LOCUST_STATS, ...K6_SUMMARY]), async (text) => {
      tally.runs++;
      let s: RunSummary;
      try {
        s = await readResults([bufferSource('r', text)]);
      } catch (err) {
        if (!isInputError(err)) throw err;
        tally.rejected++;
        return;
      }
      tally.accepted++;
      const written = formatBaseline(baselineFromSummary(s));
      assert.deepEqual(parseBaseline(written).flows, baselineFromSummary(s).flows);
    }),
    { numRuns: fuzzRuns(200) },
  );
  recordTally(tally);
  tallies.push(tally);
});

test('JTL CSV read in parallel equals the single-threaded read, whatever the input', async () => {
  const dir = tempDir('perf-fuzz-par-');
  const tally: Tally = { name: 'perf JTL CSV parallel = single', runs: 0, accepted: 0, rejected: 0 };
  try {
    // Many rows, so that cut points land inside mutated ones; workers cost ~50 ms each, so fewer runs.
    const big = JTL_CSV.map((t) => {
      const [head, ...rows] = t.split('\n');
      return [head, ...Array.from({ length: 40 }, () => rows.join('\n'))].join('\n');
    });
    await fc.assert(
      fc.asyncProperty(
        mutated(big),
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        async (text, cutsAt) => {
          const file = join(dir, 'r.jtl');
          writeFileSync(file, text);
          const size = Buffer.byteLength(text);
          const cuts = cutsAt.map((c) => (size > 0 ? c % size : 0)).sort((a, b) => a - b);
          const outcome = (p: Promise<RunSummary>) =>
            p.then(
              (s) => ({ ok: s }),
              (err: unknown) => {
                if (!isInputError(err)) throw err;
                return { error: err.message };
              },
            );
          const one = await outcome(readResults([file], { parallel: { threads: 1 } }));
          const par = await outcome(readResults([file], { parallel: { threads: 3, minBytes: 0, cuts } }));
          assert.deepEqual(par, one);
          tally.runs++;
          tally['ok' in one ? 'accepted' : 'rejected']++;
        },
      ),
      { numRuns: fuzzRuns(40) },
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
  recordTally(tally);
  tallies.push(tally);
});
