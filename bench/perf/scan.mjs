// In-process, single-thread scan speed of the JTL CSV parser (ns/byte), without CLI start or workers.
//   npx tsc -p tsconfig.json && node bench/perf/scan.mjs FILE [repeats]
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const root = new URL('../../dist/src/perf/', import.meta.url);
const { RunRecorder } = await import(new URL('flowHistograms.js', root));
const { JtlCsvParser, jtlFastPath } = await import(new URL('jmeterJtl.js', root));
const { detectLayout } = await import(new URL('jtlLayout.js', root));
if (process.env.FAST === '0') jtlFastPath.enabled = false;
const { parseRange } = await import(new URL('jtlRange.js', root));

const file = process.argv[2];
const repeats = Number(process.argv[3] ?? 5);
const fd = openSync(file, 'r');
const size = fstatSync(fd).size;
const head = Buffer.alloc(1 << 16);
readSync(fd, head, 0, head.length, 0);
const nl = head.indexOf(10);
const layout = detectLayout(head.toString('utf8', 0, nl), file);
const times = [];
for (let r = 0; r < repeats; r++) {
  const rec = new RunRecorder(undefined, 60_000);
  const parser = new JtlCsvParser(rec, layout, file, layout.columns.length);
  parser.line = 2;
  const t0 = performance.now();
  parseRange(fd, parser, nl + 1, Number.POSITIVE_INFINITY, size);
  const ms = performance.now() - t0;
  times.push(ms);
  console.log(
    `${ms.toFixed(0)} ms  ${((ms * 1e6) / size).toFixed(2)} ns/byte  ${parser.rows} rows  ${rec.skippedTotal} skipped`,
  );
}
times.sort((a, b) => a - b);
console.log(
  `best ${times[0].toFixed(0)} ms = ${((times[0] * 1e6) / size).toFixed(2)} ns/byte, ${(size / 1e3 / times[0]).toFixed(0)} MB/s`,
);
closeSync(fd);
