// Tests of `waymark scan` (src/cli/commands/scan.ts) and its --merge, --push and assess --scan.
import assert from 'node:assert/strict';
import {
  existsSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Command } from 'commander';
import { parseAssessment } from '../answers/index.js';
import { InputError, isInputError } from '../diagnostics/index.js';
import type { ScanResult } from '../evidence/index.js';
import { tempTree } from '../evidence/testing.js';
import { loadBuiltinModels, loadModelFile, ModelSet } from '../model/index.js';
import { REPO_ROOT, runCli, tempDir } from '../testing/index.js';
import { serverWithWorkload } from '../testing/server.js';
import { registerScanCommands, runScan } from './commands/scan.js';

const TREE = {
  '.github/workflows/ci.yml':
    'on: [pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n      - uses: actions/checkout@v4\n',
  'infra/main.tf': 'resource "null_resource" "x" {}\n',
  'src/a.test.ts': "import { test } from 'node:test';\ntest('a', () => {});\n",
};

async function run(args: string[]): Promise<string> {
  const program = new Command('waymark').exitOverride();
  registerScanCommands(program);
  const errs: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => {
    errs.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    await program.parseAsync(['node', 'waymark', 'scan', ...args]);
  } finally {
    process.stderr.write = write;
  }
  return errs.join('');
}

test('scan --format json writes suggestions with pillar and level, and nothing to stderr off a terminal', async () => {
  const root = realpathSync(tempTree(TREE));
  const out = join(root, 'out.json');
  const stderr = await run([root, '--format', 'json', '--output', out]);
  assert.equal(stderr, '');
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  const iac = doc.suggestions.find((s: { practiceId: string }) => s.practiceId === 'oe.1.iac.declarative');
  assert.deepEqual(
    { status: iac.status, pillar: iac.pillar, level: iac.level, evidence: iac.evidence },
    { status: 'met', pillar: 'oe', level: 1, evidence: ['infra/main.tf:1'] },
  );
  assert.equal(doc.root, root);
  assert.ok(doc.stats.files >= 3);
  rmSync(root, { recursive: true, force: true });
});

test('scan text and md group by pillar, level and practice; files get no colour codes', async () => {
  const root = realpathSync(tempTree(TREE));
  const txt = join(root, 'out.txt');
  await run([root, '--output', txt, '--verbose']);
  const text = readFileSync(txt, 'utf8');
  assert.ok(!text.includes('\x1b['));
  const oe = text.indexOf('Operational Excellence');
  const l1 = text.indexOf('Level 1 · DevOps foundation');
  const practice = text.indexOf('✓ met      oe.1.iac.declarative');
  assert.ok(oe >= 0 && l1 > oe && practice > l1, text);
  assert.match(text, /infra\/main\.tf:1/);
  assert.match(text, /Other findings\n.*actions-pinned/);
  assert.match(text, /Listed \d+ files in \d+ folders/);
  const md = join(root, 'out.md');
  await run([root, '--format', 'md', '--output', md]);
  const mdText = readFileSync(md, 'utf8');
  assert.match(mdText, /^## Operational Excellence$/m);
  assert.match(mdText, /^### Level 1 · DevOps foundation$/m);
  assert.match(mdText, /^\| `oe\.1\.iac\.declarative` \| met \| high \|/m);
  rmSync(root, { recursive: true, force: true });
});

test('scan of a missing path is an InputError (exit 2 in the CLI)', async () => {
  await assert.rejects(
    run(['/definitely/not/here']),
    (e) => e instanceof InputError && /no such directory/.test(e.message),
  );
});

test('scan.ts imports only light modules up front; the scanner, models and report load inside the action', () => {
  const staticImports = (rel: string) =>
    [
      ...readFileSync(new URL(rel, import.meta.url), 'utf8').matchAll(
        /^import\s.*?from\s+['"]([^'"]+)['"]/gm,
      ),
    ].map((m) => m[1]);
  assert.deepEqual(staticImports('../cli/commands/scan.js'), [
    '../../diagnostics/index.js',
    '../../report/formats.js',
  ]);
  // The format map is loaded by every start (main.ts takes its choices from it): it imports nothing.
  assert.deepEqual(staticImports('../report/formats.js'), []);
  const js = readFileSync(new URL('../cli/commands/scan.js', import.meta.url), 'utf8');
  assert.match(js, /await import\('\.\.\/\.\.\/evidence\/index\.js'\)/);
  assert.match(js, /await import\('\.\.\/\.\.\/report\/index\.js'\)/);
  assert.match(js, /await import\('\.\.\/inputs\.js'\)/);
});

test('scan --merge writes suggestions as source: scan, keeps every person answer, and names disagreements', async () => {
  const root = realpathSync(tempTree(TREE));
  const file = join(root, 'waymark.assessment.yaml');
  // A person said there is no IaC; the scan finds Terraform. A person also answered CI as met.
  writeFileSync(
    file,
    'workload: shop\nanswers:\n  oe.1.iac.declarative: { status: not-met, by: kim, note: legacy portal }\n  oe.1.methodology.work-tracking: partial\n',
  );
  const r = await runCli(['scan', '.', '--merge', '--format', 'json'], { cwd: root });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /merged \d+ suggestion\(s\) into waymark\.assessment\.yaml/);
  assert.match(
    r.stderr,
    /1 disagree[\s\S]*oe\.1\.iac\.declarative: answered not-met, the scan suggests met \(infra\/main\.tf:1\)/,
  );
  const models = new ModelSet(loadBuiltinModels());
  const after = parseAssessment(readFileSync(file, 'utf8'), file, models).answers;
  assert.deepEqual(after.get('oe.1.iac.declarative'), {
    status: 'not-met',
    by: 'kim',
    note: 'legacy portal',
    evidence: [],
    source: 'person',
  });
  assert.equal(after.get('oe.1.methodology.work-tracking')?.status, 'partial');
  const suggested = JSON.parse(r.stdout).suggestions as { practiceId: string; status: string }[];
  const written = [...after].filter(([, a]) => a.source === 'scan');
  assert.ok(written.length > 0);
  for (const [id, a] of written) {
    assert.equal(a.status, suggested.find((s) => s.practiceId === id)?.status, id);
    assert.ok(a.confidence && a.evidence.length >= 0 && a.by?.startsWith('waymark scan'));
  }
  // A second merge finds nothing new to write and still changes no person's answer.
  const again = await runCli(['scan', '.', '--merge', '--format', 'json'], { cwd: root });
  assert.match(again.stderr, /merged 0 suggestion\(s\)/);
  rmSync(root, { recursive: true, force: true });
});

test('assess --scan counts suggestions where no person answered, without writing the file', async () => {
  const root = realpathSync(tempTree(TREE));
  const file = join(root, 'waymark.assessment.yaml');
  writeFileSync(file, 'answers: {}\n');
  const plain = await runCli(['assess', '-f', 'json'], { cwd: root });
  const scanned = await runCli(['assess', '--scan', '-f', 'json'], { cwd: root });
  assert.equal(scanned.code, 0, scanned.stderr);
  const met = (out: string) =>
    (JSON.parse(out).pillars as { practices: { status: string }[] }[])
      .flatMap((p) => p.practices)
      .filter((p) => p.status === 'met').length;
  assert.equal(met(plain.stdout), 0);
  assert.ok(met(scanned.stdout) > 0);
  assert.equal(readFileSync(file, 'utf8'), 'answers: {}\n');
  rmSync(root, { recursive: true, force: true });
});

test("scan of this project's own repository finds what it has, practice by practice", async () => {
  const r = await runCli(['scan', REPO_ROOT, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const byId = new Map(
    (JSON.parse(r.stdout).suggestions as { practiceId: string; status: string; evidence: string[] }[]).map(
      (s) => [s.practiceId, s],
    ),
  );
  const expect = (id: string, status: string, evidence?: RegExp) => {
    const s = byId.get(id);
    assert.equal(s?.status, status, `${id}: ${JSON.stringify(s)}`);
    if (evidence)
      assert.ok(
        s?.evidence.some((e) => evidence.test(e)),
        `${id} evidence ${s?.evidence.join(', ')}`,
      );
  };
  // Tests exist (node:test files), a benchmark suite lives in bench/, Biome keeps the style,
  // and the server exposes Prometheus metrics (prom-client).
  expect('oe.3.testing.application-tests', 'met', /\.test\.ts:\d+$/);
  expect('pe.2.code.hot-path-review', 'met', /^bench\//);
  expect('oe.2.standard-processes.code-style', 'met', /^biome\.json$/);
  expect('pe.2.monitoring.app-metrics', 'met', /^package\.json/);
  // The workflow calls .ci/run, which the scan does not read, so it sees no test command in CI;
  // and no IaC: absence is meaningful there.
  expect('oe.2.standard-processes.ci-required', 'not-met', /^\.github\/workflows\/ci\.yml$/);
  expect('oe.1.iac.declarative', 'not-met');
});

test('scan --push sends the suggestions to the server, where the editor shows them', async () => {
  const root = realpathSync(tempTree(TREE));
  const srv = await serverWithWorkload(join(root, 's.db'), 'shop');
  const { id, headers, token } = srv;
  try {
    const r = await runCli(['scan', '.', '--push', srv.url, '--workload', id, '--format', 'json'], {
      cwd: root,
      env: { WAYMARK_TOKEN: token },
    });
    assert.equal(r.code, 0, r.stderr);
    const local = JSON.parse(r.stdout).suggestions as { practiceId: string }[];
    const latest = (await (
      await fetch(`${srv.url}/api/v1/workloads/${id}/scans/latest`, { headers })
    ).json()) as {
      result: { suggestions: { practiceId: string }[] };
    };
    assert.deepEqual(
      latest.result.suggestions.map((s) => s.practiceId),
      local.map((s) => s.practiceId),
    );
    const wrong = await runCli(
      ['scan', '.', '--push', srv.url, '--workload', id, '--token', 'wmk_00000000_x'],
      { cwd: root },
    );
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /refused the push \(401\)/);
  } finally {
    await srv.stop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('scan text and md escape control characters in file names: a newline or an ANSI escape is shown, not obeyed', async () => {
  const root = realpathSync(tempTree({ 'README.md': '# app\n' }));
  const evil = 'evil\n\x1b[31mred.tf';
  writeFileSync(join(root, evil), 'resource "null_resource" "x" {}\n');
  writeFileSync(join(root, 'pipe|name.tf'), 'resource "null_resource" "y" {}\n');
  writeFileSync(join(root, 'bad\x1b[2J\u202e.png'), 'x');
  for (const format of ['text', 'md']) {
    const r = await runCli(['scan', root, '--format', format, '--verbose']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('\x1b'), `${format}: no raw ESC`);
    assert.ok(!r.stdout.includes('\u202e'), `${format}: no raw bidirectional override`);
    assert.ok(!r.stdout.split('\n').some((l) => l.startsWith('red.tf')), `${format}: the name broke a line`);
    assert.ok(
      r.stdout.includes('evil\\n\\u001b[31mred.tf:1'),
      `${format}: evidence shown escaped\n${r.stdout}`,
    );
    assert.ok(r.stdout.includes('bad\\u001b[2J\\u202e.png'), `${format}: skip example shown escaped`);
    if (format === 'md')
      for (const row of r.stdout.split('\n').filter((l) => l.startsWith('| `')))
        assert.equal(
          row.replace(/\\\|/g, '').split('|').length,
          7,
          `a table row keeps its five cells: ${row}`,
        );
  }
  // JSON keeps the real name (JSON escapes it itself).
  const json = await runCli(['scan', root, '--format', 'json']);
  const evidence = (JSON.parse(json.stdout).suggestions as { evidence: string[] }[]).flatMap(
    (s) => s.evidence,
  );
  assert.ok(evidence.includes(`${evil}:1`));
  rmSync(root, { recursive: true, force: true });
});

const INHOUSE = join(REPO_ROOT, 'test/fixtures/models/inhouse.yaml');

/** A scan result as a scanner would return it, with one suggestion for a practice of inhouse.yaml. */
function fixedResult(root: string): ScanResult {
  return {
    root,
    findings: [],
    suggestions: [
      {
        practiceId: 'ih.1.backup.daily',
        status: 'met',
        confidence: 'high',
        evidence: ['ops/backup.sh:3'],
        summary: 'a nightly backup job',
        detector: 'backup-job',
      },
    ],
    errors: [],
    stats: { files: 1, directories: 0, filesRead: 1, bytesRead: 10, walkMs: 1, detectMs: 1, skipped: {} },
  };
}

test('scan --model: a practice of that model is grouped under its pillar and level, not as unknown', async () => {
  const dir = tempDir();
  const scan = async (p: string) => fixedResult(p);
  const out = join(dir, 'out.txt');
  await runScan(dir, { output: out }, scan);
  const without = readFileSync(out, 'utf8');
  assert.match(without, /^Practices not in the models in force$/m);
  assert.ok(!without.includes('In-house standard'), without);
  await runScan(dir, { output: out, model: [INHOUSE] }, scan);
  const text = readFileSync(out, 'utf8');
  const pillar = text.indexOf('\nIn-house standard\n');
  const level = text.indexOf('  Level 1 · Basics\n');
  const practice = text.indexOf('✓ met      ih.1.backup.daily  Data is backed up daily.');
  assert.ok(pillar >= 0 && level > pillar && practice > level, text);
  assert.ok(!text.includes('Practices not in the models in force'), text);
  // The config file's models: count the same way, and json gets the pillar and level from them.
  writeFileSync(join(dir, 'team.yaml'), `models: [${INHOUSE}]\n`);
  await runScan(dir, { output: out, format: 'json', config: join(dir, 'team.yaml') }, scan);
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual([doc.suggestions[0].pillar, doc.suggestions[0].level], ['ih', 1]);
  rmSync(dir, { recursive: true, force: true });
});

test('scan --merge writes against the same models as the report: a --model practice is merged', async () => {
  const dir = tempDir();
  const answers = join(dir, 'waymark.assessment.yaml');
  await runScan(
    dir,
    { format: 'json', output: join(dir, 'out.json'), merge: true, answers, model: [INHOUSE] },
    async (p) => fixedResult(p),
  );
  const models = new ModelSet([...loadBuiltinModels(), ...[INHOUSE].map((f) => loadModelFile(f))]);
  const written = parseAssessment(readFileSync(answers, 'utf8'), answers, models).answers.get(
    'ih.1.backup.daily',
  );
  assert.equal(written?.status, 'met');
  assert.equal(written?.source, 'scan');
  rmSync(dir, { recursive: true, force: true });
});

test('scan resolves the models before scanning: a bad --model file is an InputError and no scan runs', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'bad.yaml'), 'id: x\n');
  let scanned = 0;
  await assert.rejects(
    runScan(dir, { model: [join(dir, 'bad.yaml')] }, async (p) => {
      scanned++;
      return fixedResult(p);
    }),
    (e) => isInputError(e) && /bad\.yaml:1:1: missing required string/.test(String(e)),
  );
  assert.equal(scanned, 0);
  const r = await runCli(['scan', dir, '--model', 'missing.yaml'], { cwd: dir });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /missing\.yaml/);
  rmSync(dir, { recursive: true, force: true });
});

test('an unknown --format is refused with exit 2, naming the choices of the format map', async () => {
  const dir = tempDir();
  for (const [args, choices] of [
    [['scan', dir], 'text, md, json, sarif'],
    [['assess'], 'text, md, json, html'],
    [['plan'], 'text, md, json, html'],
    [['check', '--min-level', 'oe=1'], 'text, json, md, sarif, junit'],
  ] as const) {
    const r = await runCli([...args, '--format', 'xml'], { cwd: dir });
    assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
    assert.ok(r.stderr.includes(`argument 'xml' is invalid. Allowed choices are ${choices}.`), r.stderr);
    assert.equal(r.stdout, '');
  }
  // Called as a function (no commander in front), the scan refuses it as well.
  await assert.rejects(
    runScan(dir, { format: 'xml' as 'json' }, async (p) => fixedResult(p)),
    (e) =>
      e instanceof InputError &&
      /unknown format "xml"/.test(e.message) &&
      /text, md, json, sarif/.test(e.format()),
  );
  rmSync(dir, { recursive: true, force: true });
});

test('scan --output replaces the file atomically (a new file renamed over it) and leaves no temporary file', async () => {
  const root = realpathSync(tempTree(TREE));
  const dir = tempDir();
  const out = join(dir, 'report.md');
  writeFileSync(out, 'old report\n');
  const before = statSync(out).ino;
  const r = await runCli(['scan', root, '--format', 'md', '--output', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(readFileSync(out, 'utf8'), /^# Evidence scan of /);
  assert.notEqual(statSync(out).ino, before, 'written in place, not renamed over');
  assert.deepEqual(readdirSync(dir), ['report.md']);
  // A folder that does not exist is the user's mistake: exit 2, nothing written.
  const missing = join(dir, 'nope', 'report.md');
  const bad = await runCli(['scan', root, '--output', missing]);
  assert.equal(bad.code, 2, bad.stderr);
  assert.ok(!existsSync(join(dir, 'nope')));
  rmSync(root, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});
