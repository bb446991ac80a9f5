// CLI start-up against bare Node, measured in the same run and interleaved so that
// machine noise hits every command alike. Reports medians and ratios to `node -e 0`.
import { spawnSync } from 'node:child_process';

const runs = Number(process.env.BENCH_RUNS ?? 30);
const commands = {
  'node -e 0': ['-e', '0'],
  'waymark --version': ['bin/waymark.js', '--version'],
  'waymark assess (sample)': [
    'bin/waymark.js',
    'assess',
    '-a',
    'examples/fabrikam-payments/waymark.assessment.yaml',
  ],
  'waymark check (sample)': [
    'bin/waymark.js',
    'check',
    '-a',
    'examples/fabrikam-payments/waymark.assessment.yaml',
    '--min-level',
    'oe=3',
  ],
};

const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < runs + 3; i++) {
  for (const [name, args] of Object.entries(commands)) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}`);
    if (i >= 3) times[name].push(ms); // the first runs warm the file cache
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const floor = median(times['node -e 0']);
console.log(`start-up, median of ${runs} interleaved runs (ratio to node -e 0)`);
console.log('| command | median ms | ratio |');
console.log('| --- | ---: | ---: |');
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs);
  console.log(`| ${name} | ${m.toFixed(1)} | ${(m / floor).toFixed(2)}× |`);
}
