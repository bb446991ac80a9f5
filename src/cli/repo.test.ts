/**
 * `waymark repo add|scan|list` against the real `waymark serve` on SQLite, which scans in its own
 * worker thread; `waymark worker` without PostgreSQL explains itself.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeGitRepo, until } from '../testing/gitRepo.js';
import { runCli, tempDir } from '../testing/index.js';
import { freePort } from '../testing/postgres.js';
import { serve, stopped } from '../testing/server.js';

describe('waymark repo and waymark worker', { timeout: 120_000 }, () => {
  const dir = tempDir();
  const db = join(dir, 'w.db');
  const env = { GIT_ALLOW_PROTOCOL: 'file' };
  let url = '';
  let token = '';
  let workload = '';
  let stop = async () => {};
  before(async () => {
    token = (await runCli(['token', 'create', '--team', 't1', '--role', 'editor', '--db', db])).stdout.trim();
    const srv = await serve([
      '--port',
      String(await freePort()),
      '--db',
      db,
      '--allow-local-repositories',
      '--scan-cache',
      join(dir, 'cache'),
    ]);
    url = srv.url;
    stop = async () => {
      srv.child.kill('SIGTERM');
      await stopped(srv.child);
    };
    const r = await fetch(`${url}/api/v1/workloads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'checkout' }),
    });
    workload = ((await r.json()) as { id: string }).id;
  });
  after(() => stop());

  it('registers a repository, scans it now and lists its job', async () => {
    const repo = makeGitRepo();
    const remote = ['--server', url, '--workload', workload, '--token', token];
    const added = await runCli(['repo', 'add', repo.url, '--branch', 'main', ...remote], { env });
    assert.equal(added.code, 0, added.stderr);
    const scanned = await runCli(['repo', 'scan', ...remote], { env });
    assert.equal(scanned.code, 0, scanned.stderr);
    assert.match(scanned.stdout, /queued|running/);
    const listed = await until(
      () => runCli(['repo', 'list', ...remote], { env }),
      (r) => /done|failed/.test(r.stdout),
      250,
    );
    assert.match(listed.stdout, new RegExp(`${repo.url} main\\s+done`));
  });

  it('refuses a URL holding a credential', async () => {
    const r = await runCli(
      [
        'repo',
        'add',
        'https://me:s3cretvalue@git.example.com/r.git',
        '--server',
        url,
        '--workload',
        workload,
        '--token',
        token,
      ],
      { env },
    );
    assert.equal(r.code === 0, false);
    assert.match(r.stderr, /holds a credential/);
    assert.doesNotMatch(r.stderr + r.stdout, /s3cretvalue/);
  });

  it('explains that schedules need PostgreSQL', async () => {
    const r = await runCli(
      ['repo', 'schedule', '0 3 * * *', '--server', url, '--workload', workload, '--token', token],
      {
        env,
      },
    );
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /schedules need the PostgreSQL job queue/);
  });

  it('waymark worker needs PostgreSQL', async () => {
    const r = await runCli(['worker'], { env: { DATABASE_URL: '' } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /takes jobs from PostgreSQL/);
  });
});
