// Memory of the over-time windows: 20 flows × 500 windows (the most a run keeps) through the
// RunRecorder, against dense HDR histograms per window at two digits (before issue 17) and three.
//   npx tsc -p tsconfig.json && node --expose-gc bench/perf/windows.mjs
// Env: BENCH_FLOWS (20), BENCH_WINDOWS (500), BENCH_PER_WINDOW (samples per flow and window, 200).
import { MAX_WINDOWS, newHistogram, RunRecorder } from '../../dist/src/perf/flowHistograms.js';

const flows = Number(process.env.BENCH_FLOWS ?? 20);
const windows = Math.min(Number(process.env.BENCH_WINDOWS ?? 500), MAX_WINDOWS);
const perWindow = Number(process.env.BENCH_PER_WINDOW ?? 200);
const gc = globalThis.gc ?? (() => {});

let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
// Whole milliseconds with a long tail, as JMeter writes them: 5 ms to about 4 s.
const latencyUs = () => Math.floor(5 + 4000 * rand() ** 4) * 1000;

const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
};

const base = heap();
const rec = new RunRecorder(undefined, 1000);
const ids = Array.from({ length: flows }, (_, i) => rec.matcher.flowOf(`GET /flow/${i}`));
const t0 = performance.now();
for (let w = 0; w < windows; w++)
  for (let k = 0; k < perWindow; k++)
    for (const id of ids)
      rec.add(id, 1_714_550_400_000 + w * 1000 + (k * 1000) / perWindow, latencyUs(), true);
const ms = performance.now() - t0;
const ours = heap() - base;

// Dense per-window histograms, holding the same samples, for comparison.
const dense = (digits) => {
  const before = heap();
  const keep = [];
  seed = 42;
  for (let w = 0; w < windows; w++)
    for (let f = 0; f < flows; f++) {
      const h = newHistogram(digits);
      for (let k = 0; k < perWindow; k++) h.recordValue(latencyUs());
      keep.push(h);
    }
  const bytes = heap() - before;
  keep.length = 0;
  return bytes;
};
const two = dense(2);
const three = dense(3);
const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
console.log(
  `${flows} flows × ${windows} windows × ${perWindow} samples (${(flows * windows * perWindow).toLocaleString('en')} samples, ${ms.toFixed(0)} ms)`,
);
console.log(`sparse three-digit windows (RunRecorder, flows included): ${mib(ours)}`);
console.log(`dense two-digit windows (before):                         ${mib(two)}`);
console.log(`dense three-digit windows:                                ${mib(three)}`);
