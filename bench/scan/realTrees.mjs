// Benchmark: the whole `waymark scan` process on real trees, against `rg --files` and `git ls-files`
// on the same tree and `node -e 0` (the machine's floor for a Node process), in one run, round-robin.
// Usage: npx tsc -p tsconfig.json && node bench/scan/realTrees.mjs [--runs 5] [--keep]
// Trees (each skipped, with a note, when missing): ~/corpus/quickpizza and ~/corpus/opentelemetry-demo
// (real repositories); a large tree of real files built once in a temp folder by copying the
// project's node_modules and, when they exist, /usr/include and /usr/share/doc, then
// `git init` + commit (a real git work tree of real files); a tiny 7-file git repository.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 5) || 5;
const keep = args.includes('--keep');
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
// WAYMARK_BIN: another build's bin/waymark.js, to measure before and after in the same way.
const waymark = process.env.WAYMARK_BIN ?? join(projectRoot, 'bin', 'waymark.js');
// WAYMARK_BEFORE: a second build's bin/waymark.js, measured in the same round-robin (before/after).
const before = process.env.WAYMARK_BEFORE;
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const timeOut = join(tmpdir(), `waymark-bench-real-${process.pid}.txt`);
const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1' };
const commit = (cwd) => {
  execFileSync('git', ['init', '-q'], { cwd, env: gitEnv });
  execFileSync('git', ['add', '-A'], { cwd, env: gitEnv });
  execFileSync(
    'git',
    ['-c', 'user.email=b@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'real files'],
    {
      cwd,
      env: gitEnv,
    },
  );
};

const scratch = mkdtempSync(join(tmpdir(), 'waymark-real-'));
const trees = [];
for (const name of ['quickpizza', 'opentelemetry-demo']) {
  const dir = join(homedir(), 'corpus', name);
  if (existsSync(join(dir, '.git'))) trees.push({ name, dir });
  else console.log(`skipped ${name}: ${dir} is not there`);
}
{
  const dir = join(scratch, 'large');
  mkdirSync(dir);
  const sources = [
    [join(projectRoot, 'node_modules'), 'deps'],
    ['/usr/include', 'include'],
    ['/usr/share/doc', 'doc'],
  ]
    .filter(([s]) => existsSync(s))
    // node_modules is a symlink in a work tree of the project: copy what it points at.
    .map(([s, d]) => [realpathSync(s), d]);
  for (const [s, d] of sources) cpSync(s, join(dir, d), { recursive: true, verbatimSymlinks: true });
  commit(dir);
  trees.push({ name: `real files (${sources.map(([s]) => s).join(', ')})`, dir });
}
{
  const dir = join(scratch, 'tiny');
  const files = {
    'README.md': '# Tiny\n',
    '.gitignore': 'node_modules/\n',
    'package.json': '{"name":"tiny","scripts":{"test":"node --test"}}\n',
    Dockerfile: 'FROM node:20\n',
    'src/index.js': 'export const a = 1;\n',
    'src/index.test.js': "import test from 'node:test';\ntest('a', () => {});\n",
    '.github/workflows/ci.yml':
      'on: [push]\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  commit(dir);
  trees.push({ name: 'tiny (7 files)', dir, tiny: true });
}

function once(argv, cwd) {
  const [bin, ...rest] = GNU_TIME ? [GNU_TIME, '-f', '%M', '-o', timeOut, ...argv] : argv;
  const t0 = performance.now();
  const r = spawnSync(bin, rest, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0)
    throw new Error(`${argv.join(' ')}: exit ${r.status} ${String(r.stderr).slice(0, 300)}`);
  return {
    ms,
    rss: GNU_TIME ? Number(readFileSync(timeOut, 'utf8').trim().split('\n').pop()) / 1024 : Number.NaN,
  };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const count = (argv, cwd) =>
  spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
    .stdout.split('\n')
    .filter(Boolean).length;

console.log(
  `date: ${new Date().toISOString()}; node ${process.version}; ${cpus().length} cpus (${cpus()[0]?.model})`,
);
console.log(
  `load average at the start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`median of ${runs} runs after one warm-up, round-robin; peak RSS from /usr/bin/time`);
console.log(
  '| tree | files (git ls-files) | node -e 0 | rg --files | git ls-files | waymark scan | scan / rg | scan / git | scan / node -e 0 | scan peak RSS MiB |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const t of trees) {
  const tools = {
    node: [process.execPath, '-e', '0'],
    rg: ['rg', '--files'],
    git: ['git', 'ls-files'],
    scan: [process.execPath, waymark, 'scan', t.dir, '--format', 'json', '--output', '/dev/null'],
  };
  if (before)
    tools.before = [process.execPath, before, 'scan', t.dir, '--format', 'json', '--output', '/dev/null'];
  const res = Object.fromEntries(Object.keys(tools).map((k) => [k, { ms: [], rss: [] }]));
  for (const argv of Object.values(tools)) once(argv, t.dir);
  for (let i = 0; i < runs; i++)
    for (const [k, argv] of Object.entries(tools)) {
      const r = once(argv, t.dir);
      res[k].ms.push(r.ms);
      res[k].rss.push(r.rss);
    }
  const m = Object.fromEntries(Object.entries(res).map(([k, v]) => [k, median(v.ms)]));
  console.log(
    `| ${t.name} | ${count(['git', 'ls-files'], t.dir)} | ${m.node.toFixed(0)} ms | ${m.rg.toFixed(0)} ms | ${m.git.toFixed(0)} ms | ${m.scan.toFixed(0)} ms | ${(m.scan / m.rg).toFixed(1)}× | ${(m.scan / m.git).toFixed(1)}× | ${(m.scan / m.node).toFixed(1)}× | ${Math.max(...res.scan.rss).toFixed(0)} |`,
  );
  if (before)
    console.log(
      `|   before (${before}) | | | | | ${m.before.toFixed(0)} ms | ${(m.before / m.rg).toFixed(1)}× | ${(m.before / m.git).toFixed(1)}× | ${(m.before / m.node).toFixed(1)}× | ${Math.max(...res.before.rss).toFixed(0)} |`,
    );
}
rmSync(timeOut, { force: true });
if (keep) console.log(`trees kept in ${scratch}`);
else rmSync(scratch, { recursive: true, force: true });
