// Runs every benchmark, one after another (they share two cores; running them together would
// measure each other). Each prints its own table of ratios against a peer or the machine's floor.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const only = process.argv[2];
const benches = [
  ['startup', 'bench/startup.mjs'],
  ['perf', 'bench/perf/jtl.mjs'],
  ['scan', 'bench/scan/walk.mjs'],
  ['scan-real', 'bench/scan/realTrees.mjs'],
  ['server', 'bench/server/api.mjs'],
  ['server-pg', 'bench/server/instances.mjs'],
  ['scan-workers', 'bench/server/scanWorkers.mjs'],
  ['web', 'bench/web/dashboard.mjs'],
  ['health', 'bench/health/eval.mjs'],
  ['health-notify', 'bench/health/notify.mjs'],
  ['health-graph', 'bench/health/graph.mjs'],
  ['delivery', 'bench/delivery/metrics.mjs'],
];
for (const [name, file] of benches) {
  if (only && only !== name) continue;
  if (!existsSync(file)) continue;
  console.log(`\n## ${name}\n`);
  const r = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
