import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { assertCleanRun, fuzzRuns, mutated, recordTally, type Tally } from '../testing/fuzz.js';
import { tempDir } from '../testing/index.js';
import { baselineFromSummary, formatBaseline } from './baseline.js';
import { readResults } from './readResults.js';

// Whole-process runs of the real binary on generated hostile inputs, a handful per format: exit
// 0, 1 or 2, no stack trace, nothing written but the baseline by `baseline set`, and the baseline
// byte-identical whenever the command was refused. (Each run starts a process, so few of them;
// the in-process properties of readers.fuzz.test.ts take the hundreds.)

const root = new URL('../../../', import.meta.url);
const fixturePath = (name: string) => fileURLToPath(new URL(`test/fixtures/perf/${name}`, root));
const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8');
const BASELINE = 'waymark.perf.baseline.yaml';

interface Format {
  name: string;
  file: string;
  samples: string[];
  /** Files always given next to the generated one (a Locust history needs its stats file). */
  companions?: string[];
}

const FORMATS: Format[] = [
  {
    name: 'JTL CSV',
    file: 'run.jtl',
    samples: [
      'timeStamp,elapsed,label,responseCode,success\n1714550400000,120,POST /checkout,200,true\n1714550400100,340,"GET /products, ""all""",500,false\n1714550401000,80,GET /products,200,true\n',
    ],
  },
  { name: 'JTL XML', file: 'run.jtl.xml', samples: [fixture('sample.jtl.xml')] },
  { name: 'k6 NDJSON', file: 'run.ndjson', samples: [fixture('k6.ndjson')] },
  { name: 'k6 summary', file: 'summary.json', samples: [fixture('k6-summary.json')] },
  { name: 'Locust stats', file: 'run_stats.csv', samples: [fixture('locust_stats.csv')] },
  {
    name: 'Locust stats history',
    file: 'run_stats_history.csv',
    samples: [fixture('locust_stats_history.csv')],
    companions: [fixturePath('locust_stats.csv')],
  },
];

const COMMANDS = [
  ['perf', 'summary'],
  ['perf', 'baseline', 'set'],
  ['perf', 'compare'],
  ['perf', 'summary', '--format', 'html'],
  ['perf', 'baseline', 'set', '--format', 'json'],
  ['perf', 'compare', '--format', 'md'],
];

for (const format of FORMATS) {
  test(`the real binary on generated ${format.name} input: clean exit, baseline untouched when refused`, async () => {
    const dir = tempDir('perf-cli-fuzz-');
    const tally: Tally = { name: `perf CLI ${format.name}`, runs: 0, accepted: 0, rejected: 0 };
    try {
      // A good existing baseline, from the format's own valid sample.
      const good = join(dir, 'good');
      writeFileSync(good, format.samples[0] ?? '');
      const summary = await readResults([...(format.companions ?? []), good]);
      const baseline = join(dir, BASELINE);
      writeFileSync(baseline, formatBaseline(baselineFromSummary(summary)));
      rmSync(good);

      const seed = Date.now() ^ format.name.length;
      const inputs = fc.sample(mutated(format.samples), { numRuns: fuzzRuns(6), seed });
      for (const [k, text] of inputs.entries()) {
        writeFileSync(join(dir, format.file), text);
        const command = COMMANDS[k % COMMANDS.length] ?? [];
        const sets = command.includes('set');
        const before = readFileSync(baseline);
        const args = [...command, ...(format.companions ?? []), format.file];
        try {
          const r = await assertCleanRun(args, dir, sets ? [BASELINE] : []);
          tally.runs++;
          tally[r.code === 2 ? 'rejected' : 'accepted']++;
          if (r.code !== 0 && sets)
            assert.deepEqual(readFileSync(baseline), before, 'a refused baseline set wrote nothing');
          if (r.code === 2) assert.match(r.stderr, /\S/, 'a refusal says why');
          if (r.code === 0 && sets) {
            // What was written reads back.
            const show = await assertCleanRun(['perf', 'baseline', 'show'], dir);
            assert.equal(show.code, 0, show.stderr);
          }
        } catch (err) {
          throw new Error(
            `seed ${seed}, case ${k}, ${args.join(' ')} on ${JSON.stringify(text.slice(0, 300))}: ${(err as Error).message}`,
          );
        }
      }
    } finally {
      rmSync(dir, { recursive: true });
    }
    recordTally(tally);
    console.log(`  ${tally.name}: ${tally.runs} runs, ${tally.accepted} exit 0/1, ${tally.rejected} exit 2`);
  });
}
