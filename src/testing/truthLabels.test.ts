import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadBuiltinModels } from '../model/index.js';
import { REPO_ROOT } from './index.js';
import { parseLabels } from './truth.js';

const TRUTH = join(REPO_ROOT, 'bench', 'truth');

test('every truth label file labels every practice of the built-in models, and the corpus lists each', () => {
  const ids = loadBuiltinModels().flatMap((m) =>
    m.levels.flatMap((l) => l.strategies.flatMap((s) => s.practices.map((p) => p.id))),
  );
  const corpus = parse(readFileSync(join(TRUTH, 'corpus.yaml'), 'utf8')) as {
    repositories: { name: string; repo: string; commit: string }[];
  };
  const files = readdirSync(join(TRUTH, 'labels')).filter((f) => f.endsWith('.yaml'));
  assert.ok(corpus.repositories.length >= 12, 'at least 12 repositories');
  assert.deepEqual(files.sort(), corpus.repositories.map((r) => `${r.name}.yaml`).sort());
  for (const r of corpus.repositories) {
    const labels = parseLabels(r.name, readFileSync(join(TRUTH, 'labels', `${r.name}.yaml`), 'utf8'), ids);
    assert.equal(labels.repo, r.repo, `${r.name}: repo matches the corpus`);
    assert.equal(labels.commit, r.commit, `${r.name}: commit matches the corpus`);
  }
});

test('npm run truth without checkouts says so and measures nothing', () => {
  const r = spawnSync(
    process.execPath,
    [join(TRUTH, 'run.mjs'), '--corpus', join(REPO_ROOT, 'no-such-corpus')],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /no checkout of the truth corpus is present/);
  assert.match(r.stdout, /skipped: .*no checkout at/);
});
