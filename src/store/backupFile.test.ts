import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import { InputError } from '../diagnostics/index.js';
import { assertCleanRun, fuzzReader, fuzzRuns, mutated, recordTally, type Tally } from '../testing/fuzz.js';
import { runCli, tempDir } from '../testing/index.js';
import {
  type Actor,
  DeliveryEventStore,
  exportAll,
  ImportRefused,
  importAll,
  openStore,
  PerfComparisonStore,
  PerfRunStore,
  parseBackup,
  RepositoryStore,
  type Store,
  TABLES,
} from './index.js';

const FILE = 'backup.json';
const alice: Actor = { teamId: 't1', name: 'alice', role: 'admin' };
const stripTime = ({ exportedAt: _, ...rest }: { exportedAt: string }) => rest;
/** A backup as plain rows, to break on purpose. */
const Rows = z.array(z.record(z.string(), z.unknown()));
const Doc = z.looseObject({
  exportedAt: z.string(),
  teams: Rows,
  tokens: Rows,
  workloads: Rows,
  repositories: Rows,
  answers: Rows,
  scans: Rows,
  milestones: Rows,
  health_latest: Rows,
  health_changes: Rows,
  perf_baselines: Rows,
  perf_runs: Rows,
  retired_answers: Rows,
  delivery_events: Rows,
  perf_comparisons: Rows,
  audit_log: Rows,
});

/** A small store with a row in every table. */
async function smallStore(file = ':memory:'): Promise<Store> {
  const store = await openStore({ sqliteFile: file });
  await store.createToken('t1', 'editor', 'ci');
  const w = await store.createWorkload(alice, { name: 'checkout', tags: ['pci'] }, { answered: 0 });
  await store.setAnswer(
    alice,
    w.id,
    'oe.1.iac.declarative',
    {
      status: 'met',
      reason: null,
      note: 'all of it',
      evidence: ['infra/main.bicep'],
      author: 'alice',
      source: 'person',
      confidence: null,
      modelVersion: '1.0.0',
    },
    0,
    () => ({ answered: 1 }),
  );
  await store.createMilestone(alice, w.id, 'Q1', { answers: {} });
  await store.addScan(alice, w.id, { suggestions: [] });
  await new RepositoryStore(store.db).add(alice, w.id, {
    url: 'https://git.example.com/checkout.git',
    branch: 'main',
  });
  await store.recordHealth(alice, w.id, { evaluatedAt: '2024-05-01T12:00:00Z', state: 'unhealthy' }, [
    {
      at: '2024-05-01T12:00:00Z',
      level: 'workload',
      target: 'workload',
      from: null,
      to: 'unhealthy',
      reason: 'api down',
    },
  ]);
  await store.setPerfBaseline(alice, w.id, 'version: 1\n');
  await new PerfComparisonStore(store.db).set(alice, w.id, {
    baselineCreated: '2024-04-30T10:00:00Z',
    flows: 2,
    regressed: 0,
    targetsMissed: 0,
  });
  await new DeliveryEventStore(store.db).add(alice, w.id, [
    {
      type: 'deployment',
      id: '42',
      workload: w.id,
      environment: 'production',
      status: 'success',
      time: '2024-05-01T11:00:00Z',
      commits: [{ sha: 'abcdef1234567', time: '2024-05-01T10:00:00Z' }],
      source: 'github',
    },
  ]);
  await new PerfRunStore(store.db).add(alice, w.id, {
    name: 'build 7',
    kind: 'run',
    startedAt: '2024-05-01T08:00:00.000Z',
    baselineCreated: null,
    figures: { flows: [] },
    verdict: null,
    summary: { flows: [] },
    baseline: null,
    targets: null,
  });
  await store.setContext(alice, w.id, { teams: 'several' }, () => ({ answered: 1 }));
  // An answer under an id since retired with no successor: kept in retired_answers.
  await store.setAnswer(
    alice,
    w.id,
    'oe.9.gone',
    {
      status: 'partial',
      reason: null,
      note: null,
      evidence: [],
      author: 'alice',
      source: 'person',
      confidence: null,
      modelVersion: '1.0.0',
    },
    0,
    () => ({ answered: 2 }),
  );
  await store.moveRetiredAnswers(
    ['oe.9.gone'],
    () => [{ kind: 'dropped', from: 'oe.9.gone', since: '1.1.0' }],
    () => ({ answered: 1 }),
  );
  return store;
}

function rejects(text: string, message: RegExp, where: { line?: number; path?: string } = {}): InputError {
  try {
    parseBackup(text, FILE);
  } catch (err) {
    assert.ok(err instanceof InputError, `an InputError, got ${err}`);
    assert.match(err.message, message);
    assert.equal(err.location.file, FILE);
    if (where.line !== undefined) assert.equal(err.location.line, where.line, err.format());
    if (where.path !== undefined) assert.equal(err.location.path, where.path, err.format());
    return err;
  }
  assert.fail(`accepted ${text.slice(0, 100)}`);
}

describe('backup file', () => {
  let sample = '';
  let doc: z.infer<typeof Doc>;
  before(async () => {
    const store = await smallStore();
    const exported = await exportAll(store);
    await store.close();
    sample = `${JSON.stringify(exported, null, 1)}\n`;
    doc = Doc.parse(JSON.parse(sample));
    for (const table of TABLES) assert.ok(doc[table].length > 0, `the sample has ${table}`);
  });
  const edited = (edit: (d: typeof doc) => void) => {
    const copy = structuredClone(doc);
    edit(copy);
    return JSON.stringify(copy, null, 1);
  };

  it('reads what backup writes, with or without a byte-order mark', () => {
    assert.deepEqual(parseBackup(sample, FILE), doc);
    assert.deepEqual(parseBackup(`\uFEFF${sample}`, FILE), doc);
  });

  it('restores a backup written before context and retired answers existed', async () => {
    const old = edited((d) => {
      for (const w of d.workloads) delete w.context;
      delete (d as Record<string, unknown>).retired_answers;
    });
    const parsed = parseBackup(old, FILE);
    assert.deepEqual(parsed.retired_answers, []);
    assert.ok(parsed.workloads.every((w) => w.context === '{}'));
    const target = await openStore({ sqliteFile: ':memory:' });
    try {
      await importAll(target, parsed);
      const [w] = await target.listWorkloads('t1');
      assert.deepEqual(w?.context, {});
      assert.equal(w?.name, 'checkout');
    } finally {
      await target.close();
    }
  });

  it('keeps context and retired answers through backup and restore', () => {
    assert.equal(doc.workloads[0]?.context, '{"teams":"several"}');
    assert.equal(doc.retired_answers[0]?.practice_id, 'oe.9.gone');
    assert.equal(doc.retired_answers[0]?.kind, 'dropped');
    assert.equal(
      doc.answers.some((a) => a.practice_id === 'oe.9.gone'),
      false,
    );
  });

  it('says where the JSON breaks, by line and column', () => {
    const cut = sample.slice(0, sample.indexOf('"workloads"') + 20);
    rejects(cut, /^not valid JSON: /, { line: cut.split('\n').length });
    const broken = sample.replace('"formatVersion": 1,', '"formatVersion": 1');
    const line = broken.slice(0, broken.indexOf('"exportedAt"')).split('\n').length;
    const e = rejects(broken, /^not valid JSON: Expected ',' or '}' after property value$/, { line });
    assert.equal(e.location.column, 2);
    // V8 gives no position for an unexpected token: the message says what, not where.
    const token = rejects(
      sample.replace('"teams": [', '"teams": [,'),
      /^not valid JSON: Unexpected token ','$/,
    );
    assert.equal(token.location.line, undefined);
    rejects('', /not valid JSON/, { line: 1 });
    rejects('\uFEFF', /not valid JSON/);
    rejects('nope', /not valid JSON/);
  });

  it('refuses what is not a Waymark backup of this version', () => {
    rejects('[]', /not a Waymark backup: expected a JSON object/);
    rejects('null', /not a Waymark backup/);
    rejects('{"format":"something.else"}', /"format" is not "waymark\.export"/);
    rejects(
      edited((d) => Object.assign(d, { formatVersion: 2 })),
      /backup format version 2; this Waymark restores version 1/,
    );
    rejects(
      edited((d) => Object.assign(d, { formatVersion: '1' })),
      /backup format version "1"/,
    );
  });

  it('refuses rows of the wrong shape, naming the row', () => {
    rejects(
      edited((d) => Reflect.deleteProperty(d, 'answers')),
      /expected array/,
      { path: 'answers' },
    );
    rejects(
      edited((d) => Object.assign(d.workloads[0] ?? {}, { criticality: 'extreme' })),
      /Invalid option/,
      {
        path: 'workloads[0].criticality',
      },
    );
    rejects(
      edited((d) => Object.assign(d.answers[0] ?? {}, { revision: 1e13 })),
      /Too big/,
      { path: 'answers[0].revision' },
    );
    rejects(
      edited((d) => Object.assign(d.workloads[0] ?? {}, { tags: '{"not":"a list"}' })),
      /not JSON text of a list of strings/,
    );
    rejects(
      edited((d) => Object.assign(d.workloads[0] ?? {}, { summary: `${'['.repeat(100)}${']'.repeat(100)}` })),
      /JSON text of an object/,
    );
    rejects(
      edited((d) => Object.assign(d.teams[0] ?? {}, { created_at: 'yesterday' })),
      /datetime/i,
      { path: 'teams[0].created_at' },
    );
    rejects(
      edited((d) => Object.assign(d.workloads[0] ?? {}, { name: 'a\u0000b' })),
      /NUL/,
    );
    rejects(
      edited((d) => Object.assign(d.teams[0] ?? {}, { extra: 1 })),
      /unknown field "extra"/,
    );
  });

  it('refuses dangling references and duplicate keys', () => {
    rejects(
      edited((d) => Object.assign(d.answers[0] ?? {}, { workload_id: 'gone' })),
      /workload_id "gone" names no row of "workloads"/,
      {
        path: 'answers[0].workload_id',
      },
    );
    rejects(
      edited((d) => Object.assign(d.tokens[0] ?? {}, { team_id: 'gone' })),
      /names no row of "teams"/,
    );
    rejects(
      edited((d) => d.teams.push(structuredClone(d.teams[0] ?? {}))),
      /id "t1" appears twice/,
      { path: 'teams[1]' },
    );
    rejects(
      edited((d) => d.answers.push(structuredClone(d.answers[0] ?? {}))),
      /appears twice/,
    );
    rejects(
      edited((d) => d.audit_log.push(structuredClone(d.audit_log[0] ?? {}))),
      /seq 1 appears twice/,
    );
  });

  it('quotes at most a short, escaped piece of the file in any message', () => {
    const long = 'Q'.repeat(5000);
    const cases = [
      long,
      `{"format":"${long}"}`,
      edited((d) => Object.assign(d, { formatVersion: long })),
      edited((d) => Object.assign(d.teams[0] ?? {}, { [long]: 1 })),
      edited((d) => Object.assign(d.answers[0] ?? {}, { workload_id: long })),
      edited((d) => Object.assign(d.answers[0] ?? {}, { workload_id: `\u0007${long}` })),
      edited((d) => Object.assign(d.workloads[0] ?? {}, { criticality: long })),
      `{"a": "${long}\u0001"}`,
    ];
    for (const text of cases) {
      try {
        parseBackup(text, FILE);
        assert.fail('accepted');
      } catch (err) {
        assert.ok(err instanceof InputError);
        const shown = err.format();
        assert.ok(!shown.includes('Q'.repeat(121)), `${shown.length} characters: ${shown.slice(0, 200)}`);
        const control = [...shown].filter((c) => c !== '\n' && (c.codePointAt(0) ?? 32) < 32);
        assert.deepEqual(control, [], 'control characters are escaped');
      }
    }
  });

  it('refuses a database that has any row in any table, before writing', async () => {
    const target = await openStore({ sqliteFile: ':memory:' });
    try {
      // No team, only an audit entry: still not empty.
      await target.db
        .insertInto('audit_log')
        .values({
          at: '2024-05-01T12:00:00Z',
          team_id: 'x',
          actor: 'a',
          action: 'x',
          entity: 'x',
          entity_id: 'x',
          detail: '{}',
        })
        .execute();
      const before = stripTime(await exportAll(target));
      await assert.rejects(importAll(target, parseBackup(sample, FILE)), (err: Error) => {
        assert.ok(err instanceof ImportRefused);
        assert.match(err.message, /not empty \(it has audit_log\)/);
        return true;
      });
      assert.deepEqual(stripTime(await exportAll(target)), before);
    } finally {
      await target.close();
    }
  });

  it('accepts or refuses generated backups cleanly, and imports every one it accepts', async () => {
    const tally = await fuzzReader('backup JSON (db restore)', mutated([sample]), async (text) => {
      const parsed = parseBackup(text, FILE);
      // Accepted means restorable: the database must take every row.
      const target = await openStore({ sqliteFile: ':memory:' });
      try {
        await importAll(target, parsed);
      } finally {
        await target.close();
      }
    });
    assert.equal(tally.runs, tally.accepted + tally.rejected);
    assert.ok(tally.accepted > 0 && tally.rejected > 0, JSON.stringify(tally));
    console.log(`# fuzz ${JSON.stringify(tally)}`);
  });
});

describe('waymark db restore', () => {
  const dir = tempDir();
  let sample = '';
  before(async () => {
    const store = await smallStore(join(dir, 'source.db'));
    sample = `${JSON.stringify(await exportAll(store), null, 1)}\n`;
    await store.close();
    rmSync(join(dir, 'source.db'), { force: true });
    for (const f of ['source.db-wal', 'source.db-shm']) rmSync(join(dir, f), { force: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('restores a backup that starts with a byte-order mark', async () => {
    const work = tempDir();
    writeFileSync(join(work, 'b.json'), `\uFEFF${sample}`);
    const r = await runCli(['db', 'restore', 'b.json', '--db', 'r.db'], { cwd: work });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /restored 1 workloads, 1 answers, 1 milestones/);
  });

  it('refuses a bad backup with exit 2 naming the file, and creates no database', async () => {
    const work = tempDir();
    writeFileSync(join(work, 'cut.json'), sample.slice(0, 200));
    const r = await assertCleanRun(['db', 'restore', 'cut.json', '--db', 'r.db'], work);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^waymark: cut\.json:\d+:\d+: not valid JSON/);
    assert.equal(existsSync(join(work, 'r.db')), false);
  });

  it('leaves a database that is not empty exactly as it was', async () => {
    const work = tempDir();
    writeFileSync(join(work, 'b.json'), sample);
    assert.equal((await runCli(['db', 'restore', 'b.json', '--db', 'r.db'], { cwd: work })).code, 0);
    const before = (await runCli(['db', 'backup', '--db', 'r.db'], { cwd: work })).stdout;
    const again = await runCli(['db', 'restore', 'b.json', '--db', 'r.db'], { cwd: work });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /b\.json: the database is not empty/);
    const after = (await runCli(['db', 'backup', '--db', 'r.db'], { cwd: work })).stdout;
    assert.deepEqual(stripTime(JSON.parse(after)), stripTime(JSON.parse(before)));
  });

  it('ends every generated restore cleanly: restored, or refused with no database created', async () => {
    const work = tempDir();
    const inputs = [sample, ...fc.sample(mutated([sample]), { numRuns: fuzzRuns(10), seed: 20240501 })];
    const tally: Tally = {
      name: 'backup JSON (waymark db restore, whole process)',
      runs: 0,
      accepted: 0,
      rejected: 0,
    };
    for (const text of inputs) {
      writeFileSync(join(work, 'in.json'), text);
      const r = await assertCleanRun(['db', 'restore', 'in.json', '--db', 'r.db'], work, ['r.db']);
      assert.ok(r.code === 0 || r.code === 2, r.stderr);
      assert.equal(
        existsSync(join(work, 'r.db')),
        r.code === 0,
        `a database exactly when restored: ${r.stderr}`,
      );
      if (r.code === 2) assert.match(r.stderr, /^waymark: in\.json(:\d+:\d+)?: /);
      tally.runs++;
      tally[r.code === 0 ? 'accepted' : 'rejected']++;
      rmSync(join(work, 'r.db'), { force: true });
    }
    recordTally(tally);
    assert.ok(tally.accepted >= 1);
    console.log(`# fuzz ${JSON.stringify(tally)}`);
  });
});
