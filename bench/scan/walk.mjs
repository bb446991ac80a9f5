// Benchmark: `waymark scan` against `rg --files`, `git ls-files` and repolinter (default rules), in
// one run; plus the evidence walker and a full scan in-process.
// Usage: npx tsc -p tsconfig.json && node bench/scan/walk.mjs [--files 100000] [--runs 5] [--dir DIR]
//        [--keep] [--peer-runs 3] [--no-repolinter] [--wait-load 1.5]
// Without --dir a realistic tree is generated (and git-initialised) in a temp folder; with --dir an
// existing folder is scanned. repolinter is installed on first use into bench/.peers/ (git-ignored),
// never into the project's package.json. Tools run round-robin (one run of each in turn) so that
// the load of a shared machine falls on all of them alike; peak memory comes from /usr/bin/time.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const total = Number(opt('files', '100000'));
const runs = Number(opt('runs', '5'));
const peerRuns = Number(opt('peer-runs', '3'));
const given = opt('dir', undefined);
const keep = args.includes('--keep');
const withRepolinter = !args.includes('--no-repolinter');
const waitLoad = Number(opt('wait-load', '0'));

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const dist = new URL('../../dist/src/evidence/', import.meta.url);
const { walk } = await import(new URL('walker.js', dist).href);
const { scanRepository } = await import(new URL('index.js', dist).href);
const waymarkBin = join(projectRoot, 'bin', 'waymark.js');

// Deterministic pseudo-random numbers so every run builds the same tree.
let seed = 42;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];

const KINDS = [
  ['.ts', 30, "import { x } from './x.js';\nexport function f(a: number): number {\n  return a + 1;\n}\n"],
  ['.js', 10, "'use strict';\nmodule.exports = function add(a, b) { return a + b; };\n"],
  [
    '.test.ts',
    6,
    "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\ntest('adds', () => assert.equal(1 + 1, 2));\n",
  ],
  ['.py', 8, 'def handler(event):\n    return {"status": 200}\n'],
  ['.go', 5, 'package main\n\nfunc main() {}\n'],
  ['.md', 8, '# Notes\n\nSome prose about the service.\n'],
  ['.json', 8, '{ "name": "x", "version": "1.0.0" }\n'],
  ['.yaml', 6, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: b\n'],
  ['.tf', 3, 'resource "azurerm_resource_group" "rg" {\n  name     = "rg"\n  location = "westeurope"\n}\n'],
  ['.css', 4, 'body { margin: 0; }\n'],
  ['.png', 4, null],
  ['.txt', 8, 'plain text\n'],
];
const weights = KINDS.reduce((s, k) => s + k[1], 0);
function kind() {
  let r = rnd() * weights;
  for (const k of KINDS) {
    r -= k[1];
    if (r < 0) return k;
  }
  return KINDS[0];
}
const WORDS = [
  'api',
  'core',
  'web',
  'lib',
  'utils',
  'models',
  'services',
  'handlers',
  'infra',
  'docs',
  'app',
  'db',
];
const png = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

function generate(root, n) {
  let made = 0;
  let dirs = 0;
  // Workload-ish top level.
  mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
  writeFileSync(
    join(root, '.github', 'workflows', 'ci.yml'),
    'on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n',
  );
  writeFileSync(join(root, '.gitignore'), 'dist/\n*.log\ncoverage/\n');
  writeFileSync(join(root, 'README.md'), '# Generated workload\n');
  made += 3;
  const queue = [root];
  while (made < n) {
    const dir = queue.shift() ?? root;
    const width = 2 + Math.floor(rnd() * 4);
    for (let i = 0; i < width && made < n; i++) {
      const sub = join(dir, `${pick(WORDS)}${dirs++}`);
      mkdirSync(sub);
      queue.push(sub);
      const count = 5 + Math.floor(rnd() * 30);
      for (let j = 0; j < count && made < n; j++) {
        const [ext, , body] = kind();
        writeFileSync(join(sub, `f${made}${ext}`), body === null ? png : body);
        made++;
      }
      if (rnd() < 0.01 && made < n) {
        // an ignored build output and a vendored folder now and then
        mkdirSync(join(sub, 'dist'));
        mkdirSync(join(sub, 'node_modules', 'pkg'), { recursive: true });
        for (let k = 0; k < 20 && made < n; k++, made++)
          writeFileSync(join(sub, k % 2 ? 'dist' : 'node_modules/pkg', `o${k}.js`), 'x\n');
      }
    }
  }
  return made;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Installs repolinter into bench/.peers on first use; returns its CLI path or the reason it cannot run. */
function repolinterCli() {
  const peers = join(projectRoot, 'bench', '.peers');
  const cli = join(peers, 'node_modules', 'repolinter', 'bin', 'repolinter.js');
  if (!existsSync(cli)) {
    console.error('installing repolinter into bench/.peers (first use) ...');
    mkdirSync(peers, { recursive: true });
    const r = spawnSync(
      'npm',
      ['install', '--prefix', peers, 'repolinter', '--no-save', '--no-audit', '--no-fund'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    if (r.status !== 0 || !existsSync(cli))
      return {
        error: `npm install repolinter failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`,
      };
  }
  const version = JSON.parse(
    readFileSync(join(peers, 'node_modules', 'repolinter', 'package.json'), 'utf8'),
  ).version;
  return { cli, version };
}

// Peak memory of a child: GNU time's %M (max RSS in KiB) when /usr/bin/time exists.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const devnull = openSync('/dev/null', 'w');
const timeOut = join(tmpdir(), `waymark-bench-time-${process.pid}.txt`);

/** Runs a command once with its output going to /dev/null; wall time and peak RSS. */
function runProcess(argv, cwd, okStatus = [0]) {
  const [bin, ...rest] = GNU_TIME ? [GNU_TIME, '-f', '%M', '-o', timeOut, ...argv] : argv;
  const t0 = performance.now();
  const r = spawnSync(bin, rest, { cwd, stdio: ['ignore', devnull, 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  if (!okStatus.includes(r.status ?? -1))
    throw new Error(`${argv.join(' ')} exited with ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  const rssKiB = GNU_TIME ? Number(readFileSync(timeOut, 'utf8').trim().split('\n').pop()) : Number.NaN;
  return { ms, rssKiB };
}
/** Lines a command prints (an untimed run). */
function lines(argv, cwd) {
  const r = spawnSync(argv[0], argv.slice(1), { cwd, maxBuffer: 1 << 30, encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).length;
}

if (waitLoad > 0) {
  // A shared machine: wait (up to ~10 minutes) for the 1-minute load to settle.
  for (let i = 0; i < 20 && loadavg()[0] >= waitLoad; i++) {
    console.error(`load ${load()}; waiting 30 s for the 1-minute load to fall under ${waitLoad}`);
    await new Promise((r) => setTimeout(r, 30_000));
  }
}

const root = given ? resolve(given) : mkdtempSync(join(tmpdir(), 'waymark-bench-'));
if (!given) {
  const t0 = performance.now();
  const made = generate(root, total);
  console.error(`generated ${made} files in ${root} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  execFileSync('git', ['init', '-q'], { cwd: root });
  execFileSync('git', ['add', '-A'], { cwd: root });
}
// git ls-files only means something at the top of a work tree (node_modules inside one lists nothing).
const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8' });
const hasGit = top.status === 0 && top.stdout.trim() === realpathSync(root);
const loadAtStart = load();

/** External tools, measured as whole processes (start-up included). */
const tools = [
  { name: 'rg --files', argv: ['rg', '--files'], count: () => lines(['rg', '--files'], root) },
  {
    name: 'rg --files --hidden',
    argv: ['rg', '--files', '--hidden'],
    count: () => lines(['rg', '--files', '--hidden'], root),
  },
];
if (hasGit)
  tools.push({
    name: 'git ls-files',
    argv: ['git', 'ls-files'],
    count: () => lines(['git', 'ls-files'], root),
  });
tools.push({
  name: 'waymark scan (CLI)',
  argv: [process.execPath, waymarkBin, 'scan', root, '--format', 'json', '--output', '/dev/null'],
});
let repolinter;
let repolinterNote = '';
if (withRepolinter) {
  const r = repolinterCli();
  if (r.error) repolinterNote = `repolinter not measured: ${r.error}`;
  else {
    repolinter = r;
    tools.push({
      name: `repolinter ${r.version} lint`,
      // --dryRun: report only, never apply a fix. Exit status 1 means some rules failed.
      argv: [process.execPath, r.cli, 'lint', '--dryRun', root],
      ok: [0, 1],
      runs: peerRuns,
    });
  }
}

const results = new Map();
for (const t of tools) {
  results.set(t.name, { times: [], rss: [], count: t.count?.() });
  runProcess(t.argv, root, t.ok); // warm-up (page cache)
}
for (let i = 0; i < runs; i++) {
  for (const t of tools) {
    if (t.runs !== undefined && i >= t.runs) continue;
    const r = runProcess(t.argv, root, t.ok);
    results.get(t.name).times.push(r.ms);
    results.get(t.name).rss.push(r.rssKiB);
  }
}

// In-process: the walker alone, with a stat of every file, and a full scan (git history off).
async function inProcess(name, fn) {
  const times = [];
  let count = 0;
  await fn();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    count = await fn();
    times.push(performance.now() - t0);
  }
  results.set(name, { times, rss: [], count });
}
await inProcess('walker (in-process)', async () => (await walk(root)).files.length);
await inProcess('walker + stat (in-process)', async () => (await walk(root, { stat: true })).files.length);
let lastScan;
await inProcess('full scan (in-process)', async () => {
  lastScan = await scanRepository(root, { git: false });
  return lastScan.stats.files;
});

const rg = median(results.get('rg --files').times);
console.log(`date: ${new Date().toISOString()}`);
console.log(
  `machine: ${cpus().length} cpus (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${(freemem() / 2 ** 30).toFixed(1)} GiB free; node ${process.version}`,
);
console.log(`load average (1, 5, 15 min): at the start ${loadAtStart}; at the end ${load()}`);
console.log(
  `tree: ${root}${given ? '' : ` (generated, ${total} files)`}; median of ${runs} runs (repolinter: ${peerRuns}) after one warm-up each`,
);
console.log('| tool | median ms | runs | files listed | ratio to rg --files | peak RSS MiB |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [name, r] of results) {
  const ms = median(r.times);
  const rss = r.rss.length ? (Math.max(...r.rss) / 1024).toFixed(0) : '';
  console.log(
    `| ${name} | ${ms.toFixed(0)} | ${r.times.length} | ${r.count ?? ''} | ${(ms / rg).toFixed(2)}x | ${rss} |`,
  );
}
if (repolinter) {
  const rl = median(results.get(`repolinter ${repolinter.version} lint`).times);
  const cli = median(results.get('waymark scan (CLI)').times);
  console.log(`repolinter / waymark scan (CLI): ${(rl / cli).toFixed(1)}x`);
}
if (repolinterNote) console.log(repolinterNote);
console.log(
  `full scan read ${lastScan.stats.filesRead} files (${(lastScan.stats.bytesRead / 2 ** 20).toFixed(1)} MiB) for ${lastScan.findings.length} findings`,
);
rmSync(timeOut, { force: true });
if (!given && !keep) rmSync(root, { recursive: true, force: true });
