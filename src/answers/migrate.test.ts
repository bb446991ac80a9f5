import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ModelSet, parseModel } from '../model/index.js';
import { REPO_ROOT, runCli, tempDir } from '../testing/index.js';
import { parseAssessment } from './assessmentFile.js';
import { migrateAssessmentText } from './migrateFile.js';

const fixture = (name: string) => join(REPO_ROOT, 'test/fixtures/models', name);
const models = new ModelSet(
  ['ctx-ops.yaml', 'ctx-perf.yaml'].map((n) => parseModel(readFileSync(fixture(n), 'utf8'), n)),
);

const OLD = `# our answers
workload: shop
models:
  ctx-ops: 1.0.0
answers:
  co.1.build.source: met
  # the pipeline answer, by kim
  co.1.build.old-pipeline:
    status: partial
    note: only the API goes through the pipeline
    evidence: [.github/workflows/deploy.yml]
    by: kim
    at: 2026-10-01
  co.1.build.dropped: { status: met, by: lee }
`;

describe('answers under retired ids', () => {
  it('are read under their successors, every field kept', () => {
    const a = parseAssessment(OLD, 'a.yaml', models);
    const moved = a.answers.get('co.2.deploy.pipeline');
    assert.deepEqual(moved, {
      status: 'partial',
      note: 'only the API goes through the pipeline',
      evidence: ['.github/workflows/deploy.yml'],
      by: 'kim',
      at: '2026-10-01',
      source: 'person',
    });
    assert.equal(a.answers.has('co.1.build.old-pipeline'), false);
    assert.equal(a.answers.has('co.1.build.dropped'), false);
    assert.deepEqual(
      a.moves.map((m) => `${m.kind} ${m.from}`),
      ['moved co.1.build.old-pipeline', 'dropped co.1.build.dropped'],
    );
  });

  it('follow a chain of replacements to the practice in force', () => {
    const a = parseAssessment('answers:\n  co.1.build.older: met\n', 'a.yaml', models);
    assert.equal(a.answers.get('co.2.deploy.pipeline')?.status, 'met');
  });

  it('never replace an answer given under the new id; two old answers keep the more cautious', () => {
    const direct = parseAssessment(
      'answers:\n  co.2.deploy.pipeline: not-met\n  co.1.build.old-pipeline: met\n',
      'a.yaml',
      models,
    );
    assert.equal(direct.answers.get('co.2.deploy.pipeline')?.status, 'not-met');
    assert.equal(direct.moves[0]?.kind, 'superseded');
    const two = parseAssessment(
      'answers:\n  co.1.build.older: met\n  co.1.build.old-pipeline: partial\n',
      'a.yaml',
      models,
    );
    assert.equal(two.answers.get('co.2.deploy.pipeline')?.status, 'partial');
  });
});

describe('rewriting the file', () => {
  it('renames keys in place, keeps comments and fields, sets the versions, and keeps the rest under retired:', () => {
    const out = migrateAssessmentText(OLD, 'a.yaml', models);
    assert.match(
      out.text,
      /# the pipeline answer, by kim\n {2}co\.2\.deploy\.pipeline:\n {4}status: partial\n {4}note: only the API/,
    );
    assert.match(out.text, /^# our answers/);
    assert.match(out.text, /ctx-ops: 1\.1\.0/);
    assert.match(out.text, /ctx-perf: 1\.1\.0/);
    assert.match(out.text, /retired:\n {2}co\.1\.build\.dropped: \{ status: met, by: lee \}/);
    const again = parseAssessment(out.text, 'a.yaml', models);
    assert.deepEqual(again.moves, [], 'a migrated file has nothing left to move');
    assert.deepEqual([...again.answers.keys()].sort(), ['co.1.build.source', 'co.2.deploy.pipeline']);
    assert.equal(
      migrateAssessmentText(out.text, 'a.yaml', models).text,
      out.text,
      'migrating twice changes nothing',
    );
  });

  it('waymark migrate prints what moved, --dry-run writes nothing, and assess reads an old file with a notice', async () => {
    const dir = tempDir();
    const file = join(dir, 'waymark.assessment.yaml');
    writeFileSync(file, OLD);
    const args = ['--model', fixture('ctx-ops.yaml'), '--model', fixture('ctx-perf.yaml')];
    const assess = await runCli(['assess', ...args], { cwd: dir });
    assert.equal(assess.code, 0, assess.stderr);
    assert.match(assess.stderr, /2 answers use retired practice ids .* run `waymark migrate`/);
    const dry = await runCli(['migrate', '--dry-run', ...args], { cwd: dir });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /1 answer moved, 1 kept aside \(dry run/);
    assert.equal(readFileSync(file, 'utf8'), OLD);
    const real = await runCli(['migrate', ...args], { cwd: dir });
    assert.equal(real.code, 0, real.stderr);
    assert.match(real.stdout, /moved {7}co\.1\.build\.old-pipeline → co\.2\.deploy\.pipeline/);
    assert.match(real.stdout, /ctx-ops: 1\.0\.0 → 1\.1\.0/);
    const twice = await runCli(['migrate', ...args], { cwd: dir });
    assert.match(twice.stdout, /already up to date/);
    const after = await runCli(['assess', ...args], { cwd: dir });
    assert.equal(after.stderr, '');
  });
});
