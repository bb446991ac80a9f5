import assert from 'node:assert/strict';
import { readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { InputError } from '../diagnostics/index.js';
import { DETECTORS, GROUPS, nodeFs, scanRepository, suggest, type WalkerFs } from './index.js';
import { REPO_ROOT, tempTree } from './testing.js';
import type { Finding } from './types.js';
import { isInside } from './walker.js';

function modelPracticeIds(): Set<string> {
  const ids = new Set<string>();
  for (const file of ['operational-excellence.yaml', 'performance-efficiency.yaml']) {
    const doc = parse(readFileSync(join(REPO_ROOT, 'models', file), 'utf8')) as {
      levels: { strategies: { practices: { id: string }[] }[] }[];
    };
    for (const l of doc.levels) for (const s of l.strategies) for (const p of s.practices) ids.add(p.id);
  }
  return ids;
}

test('every practice id a detector or group names exists in the models', () => {
  const ids = modelPracticeIds();
  assert.ok(ids.size > 100, `expected the full models, found ${ids.size} practices`);
  const named = [...DETECTORS.flatMap((d) => d.meta.practices), ...GROUPS.flatMap((g) => g.practices)];
  const missing = [...new Set(named)].filter((p) => !ids.has(p));
  assert.deepEqual(missing, []);
});

test('detectors: unique kebab-case ids, a docs paragraph, one file each, known groups', () => {
  const ids = DETECTORS.map((d) => d.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const d of DETECTORS) {
    assert.match(d.meta.id, /^[a-z][a-z0-9-]*$/);
    assert.ok(d.meta.docs.length > 60, `${d.meta.id} needs a docs paragraph`);
    assert.ok(d.meta.title.length > 3);
    if (d.meta.group)
      assert.ok(
        GROUPS.some((g) => g.id === d.meta.group),
        `${d.meta.id}: unknown group ${d.meta.group}`,
      );
  }
  const dir = new URL('./detectors/', import.meta.url);
  const files = readdirSync(dir).filter(
    (f) => f.endsWith('.js') && !f.endsWith('.test.js') && f !== 'index.js',
  );
  assert.equal(files.length, DETECTORS.length, 'one detector per file, each listed in detectors/index.ts');
  const tests = readdirSync(dir).filter((f) => f.endsWith('.test.js'));
  for (const f of files) assert.ok(tests.includes(f.replace(/\.js$/, '.test.js')), `${f} has no test`);
});

const f = (over: Partial<Finding>): Finding => ({
  detector: 'd',
  practices: ['p'],
  present: true,
  confidence: 'high',
  locations: [],
  summary: 's',
  ...over,
});

test('suggest: best finding decides; met / partial / not-met; evidence as path:line', () => {
  const s = suggest([
    f({ detector: 'weak', confidence: 'low', locations: [{ file: 'a.tf', line: 3 }] }),
    f({ detector: 'strong', confidence: 'medium', locations: [{ file: 'b.tf', line: 1 }, { file: 'c.tf' }] }),
    f({ detector: 'absent', present: false, confidence: 'high' }),
    f({ detector: 'only-low', practices: ['q'], confidence: 'low', locations: [{ file: 'x', line: 2 }] }),
    f({
      detector: 'none',
      practices: ['r'],
      present: false,
      confidence: 'medium',
      summary: 'no pipeline file anywhere',
    }),
  ]);
  assert.deepEqual(s, [
    {
      practiceId: 'p',
      status: 'met',
      confidence: 'medium',
      evidence: ['b.tf:1', 'c.tf', 'a.tf:3'],
      summary: 's',
      detector: 'strong',
    },
    {
      practiceId: 'q',
      status: 'partial',
      confidence: 'low',
      evidence: ['x:2'],
      summary: 's',
      detector: 'only-low',
    },
    {
      practiceId: 'r',
      status: 'not-met',
      confidence: 'medium',
      evidence: [],
      summary: 'no pipeline file anywhere',
      detector: 'none',
    },
  ]);
});

test('bad input: missing path, a file, an empty folder, one huge binary, a symlink to /etc → InputError', async () => {
  const root = realpathSync(tempTree({ 'file.txt': 'x' }));
  await assert.rejects(
    scanRepository(join(root, 'nope')),
    (e) => e instanceof InputError && /no such directory/.test(e.message),
  );
  await assert.rejects(
    scanRepository(join(root, 'file.txt')),
    (e) => e instanceof InputError && /is a file/.test(e.message),
  );
  const empty = realpathSync(tempTree({}));
  await assert.rejects(
    scanRepository(empty),
    (e) => e instanceof InputError && /empty directory/.test(e.message),
  );
  const huge = realpathSync(tempTree({ blob: new Uint8Array(3000).fill(0) }));
  await assert.rejects(
    scanRepository(huge, { maxFileBytes: 1000 }),
    (e) => e instanceof InputError && /readable text/.test(e.message),
  );
  const bin = realpathSync(tempTree({ 'disk.iso': 'x' }));
  await assert.rejects(scanRepository(bin), (e) => e instanceof InputError && /skipped/.test(e.message));
  symlinkSync('/etc', join(root, 'etc'));
  await assert.rejects(
    scanRepository(join(root, 'etc')),
    (e) => e instanceof InputError && /symbolic link/.test(e.message),
  );
  for (const d of [root, empty, huge, bin]) rmSync(d, { recursive: true, force: true });
});

test('a full scan opens nothing outside the root and reports skips', async () => {
  const root = realpathSync(
    tempTree({
      '.github/workflows/ci.yml':
        'on: [pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
      'src/a.test.ts': "import { test } from 'node:test';\ntest('a', () => {});\n",
      'infra/main.tf': 'resource "null_resource" "x" {}\n',
    }),
  );
  symlinkSync('/etc', join(root, 'etc'));
  symlinkSync('/etc/passwd', join(root, 'main.tf'));
  symlinkSync('/etc/passwd', join(root, 'infra', 'k6.js'));
  const asked: string[] = [];
  const fs: WalkerFs = {
    readdir: (p) => {
      asked.push(p);
      return nodeFs.readdir(p);
    },
    stat: (p) => {
      asked.push(p);
      return nodeFs.stat(p);
    },
    realpath: (p) => {
      asked.push(p);
      return nodeFs.realpath(p);
    },
    readFile: (p, n) => {
      asked.push(p);
      assert.ok(isInside(root, realpathSync(p)), `read outside the root: ${p}`);
      return nodeFs.readFile(p, n);
    },
    readSmallText: (p) => {
      asked.push(p);
      return nodeFs.readSmallText(p);
    },
  };
  const r = await scanRepository(root, { fs, git: false });
  assert.ok(asked.length > 0);
  for (const p of asked) assert.ok(isInside(root, p), `asked for ${p}`);
  assert.equal(r.stats.skipped['symlink-outside-root']?.count, 3);
  const status = new Map(r.suggestions.map((s) => [s.practiceId, s.status]));
  assert.equal(status.get('oe.1.iac.declarative'), 'met');
  assert.equal(status.get('oe.2.standard-processes.ci-required'), 'met');
  assert.equal(status.get('oe.2.standard-processes.ci-required'), 'met');
  assert.equal(status.get('pe.3.baseline-tests.load-tests'), 'not-met');
  assert.deepEqual(r.errors, []);
  rmSync(root, { recursive: true, force: true });
});

test('group absence is claimed only when no detector of the group found anything', async () => {
  const root = realpathSync(
    tempTree({
      'README.md': '# app\n',
      Jenkinsfile: "pipeline {\n  stages { stage('t') { steps { sh 'make test' } } }\n}\n",
    }),
  );
  const r = await scanRepository(root, { git: false });
  const absentGroups = r.findings.filter((x) => x.detector.startsWith('group:')).map((x) => x.detector);
  assert.ok(!absentGroups.includes('group:ci'), 'a Jenkinsfile is a pipeline');
  assert.ok(absentGroups.includes('group:iac'));
  // Tests run in the pipeline, but no pull-request trigger is visible: partial, never an absence.
  const ci = r.suggestions.find((s) => s.practiceId === 'oe.2.standard-processes.ci-required');
  assert.equal(ci?.status, 'partial');
  writeFileSync(join(root, 'Jenkinsfile'), 'nothing here\n');
  const r2 = await scanRepository(root, { git: false });
  assert.equal(
    r2.suggestions.find((s) => s.practiceId === 'oe.3.automated-deployments.pipeline-only')?.status,
    'not-met',
  );
  rmSync(root, { recursive: true, force: true });
});

test('a detector that throws is reported, the others still run; undeclared practices are refused', async () => {
  const root = realpathSync(tempTree({ 'a.txt': 'x' }));
  const r = await scanRepository(root, {
    git: false,
    detectors: [
      {
        meta: { id: 'boom', title: 'Boom', practices: ['p'], docs: 'd' },
        detect: async () => Promise.reject(new Error('kaput')),
      },
      {
        meta: { id: 'liar', title: 'Liar', practices: ['p'], docs: 'd' },
        detect: async () => [f({ practices: ['other'] })],
      },
      {
        meta: { id: 'ok', title: 'Ok', practices: ['p'], docs: 'd' },
        detect: async () => [f({ detector: '' })],
      },
    ],
  });
  assert.deepEqual(
    r.errors.map((e) => e.detector),
    ['boom', 'liar'],
  );
  assert.match(r.errors[0]?.message ?? '', /kaput/);
  assert.deepEqual(
    r.findings.map((x) => x.detector),
    ['ok'],
  );
  rmSync(root, { recursive: true, force: true });
});

test("test fixtures and examples are not taken as the workload's evidence", async () => {
  const root = realpathSync(
    tempTree({
      'README.md': '# app\n',
      'test/fixtures/infra/main.tf': 'resource "null_resource" "x" {}\n',
      'examples/k6/load.js': "import http from 'k6/http';\n",
    }),
  );
  const r = await scanRepository(root, { git: false });
  assert.equal(r.suggestions.find((s) => s.practiceId === 'oe.1.iac.declarative')?.status, 'not-met');
  assert.equal(r.stats.skipped.fixture?.count, 2);
  const all = await scanRepository(root, { git: false, includeFixtures: true });
  assert.equal(all.suggestions.find((s) => s.practiceId === 'oe.1.iac.declarative')?.status, 'met');
  rmSync(root, { recursive: true, force: true });
});

test('grepFiles reads likely paths first when a repository has more candidates than the limit', async () => {
  const { grepFiles } = await import('./lib/helpers.js');
  const { createRepoView, walk } = await import('./walker.js');
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`src/f${i}.js`] = 'export {};\n';
  files['zz/load/script.js'] = "import http from 'k6/http';\n";
  const root = realpathSync(tempTree(files));
  const repo = createRepoView(await walk(root));
  const all = repo.byExt('.js');
  assert.deepEqual(await grepFiles(repo, all, /k6/, 10), []);
  const hits = await grepFiles(repo, all, /k6/, 10, /(^|\/)load\//);
  assert.deepEqual(
    hits.map((h) => [h.file.path, h.line]),
    [['zz/load/script.js', 1]],
  );
  rmSync(root, { recursive: true, force: true });
});
