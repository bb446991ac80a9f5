// Benchmark: our walker and a full scan against `rg --files` and `git ls-files`.
// Usage: npm run build && node bench/scan/walk.mjs [--files 100000] [--runs 5] [--dir DIR] [--keep]
// Without --dir a realistic tree is generated in a temp folder; with --dir an existing folder is walked.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const total = Number(opt('files', '100000'));
const runs = Number(opt('runs', '5'));
const given = opt('dir', undefined);
const keep = args.includes('--keep');

const dist = new URL('../../dist/src/evidence/', import.meta.url);
const { walk } = await import(new URL('walker.js', dist).href);
const { scanRepository } = await import(new URL('index.js', dist).href);

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

function time(fn) {
  const t0 = performance.now();
  const r = fn();
  return r instanceof Promise ? r.then((v) => [performance.now() - t0, v]) : [performance.now() - t0, r];
}
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
/** Runs a tool with its output going to /dev/null (timed), counting lines in a separate untimed run. */
const devnull = openSync('/dev/null', 'w');
const counts = new Map();
function cmd(bin, argv, cwd) {
  const key = `${bin} ${argv.join(' ')}`;
  if (!counts.has(key)) {
    const r = spawnSync(bin, argv, { cwd, maxBuffer: 1 << 30, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${key} failed: ${r.stderr}`);
    counts.set(key, r.stdout.split('\n').filter(Boolean).length);
  }
  const r = spawnSync(bin, argv, { cwd, stdio: ['ignore', devnull, 'ignore'] });
  if (r.status !== 0) throw new Error(`${key} failed`);
  return counts.get(key);
}

const root = given ? resolve(given) : mkdtempSync(join(tmpdir(), 'waymark-bench-'));
if (!given) {
  const [ms, made] = time(() => generate(root, total));
  console.error(`generated ${made} files in ${root} (${(ms / 1000).toFixed(1)} s)`);
  execFileSync('git', ['init', '-q'], { cwd: root });
  execFileSync('git', ['add', '-A'], { cwd: root });
}
// git ls-files only means something at the top of a work tree (node_modules inside one lists nothing).
const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8' });
const hasGit = top.status === 0 && top.stdout.trim() === realpathSync(root);

const results = {};
async function measure(name, fn) {
  const times = [];
  let count = 0;
  await fn(); // warm-up (page cache, JIT)
  for (let i = 0; i < runs; i++) {
    const [ms, n] = await time(fn);
    times.push(ms);
    count = n;
  }
  results[name] = { ms: median(times), count };
}

await measure('rg --files', () => cmd('rg', ['--files'], root));
await measure('rg --files --hidden', () => cmd('rg', ['--files', '--hidden'], root));
if (hasGit) await measure('git ls-files', () => cmd('git', ['ls-files'], root));
await measure('walker', async () => (await walk(root)).files.length);
await measure('walker (stat)', async () => (await walk(root, { stat: true })).files.length);
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
let lastScan;
await measure('full scan', async () => {
  lastScan = await scanRepository(root, { git: false });
  return lastScan.stats.files;
});
clearInterval(sampler);

const rg = results['rg --files'].ms;
console.log(`date: ${new Date().toISOString()}`);
console.log(
  `machine: ${cpus().length} cpus (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${(freemem() / 2 ** 30).toFixed(1)} GiB free; node ${process.version}`,
);
console.log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `tree: ${root}${given ? '' : ` (generated, ${total} files)`}; median of ${runs} runs after one warm-up`,
);
console.log('| tool | median ms | files listed | ratio to rg --files |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, r] of Object.entries(results)) {
  console.log(`| ${name} | ${r.ms.toFixed(0)} | ${r.count} | ${(r.ms / rg).toFixed(2)}x |`);
}
console.log(
  `full scan read ${lastScan.stats.filesRead} files (${(lastScan.stats.bytesRead / 2 ** 20).toFixed(1)} MiB) for ${lastScan.findings.length} findings`,
);
console.log(
  `peak RSS during full scans: ${(peak / 2 ** 20).toFixed(0)} MiB (before: ${(rssBefore / 2 ** 20).toFixed(0)} MiB)`,
);
if (!given && !keep) rmSync(root, { recursive: true, force: true });
