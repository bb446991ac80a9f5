/** `waymark dora` as a user runs it: a real git repository, release tags, event files. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { REPO_ROOT, runCli, tempDir } from '../testing/index.js';

const fixture = (name: string) => join(REPO_ROOT, 'test/fixtures/delivery', name);

/** Commits at fixed times (day 1, 2, 3 … of March 2026, noon UTC) with a tag on some of them. */
function repoWithReleases(): string {
  const dir = join(tempDir('waymark-dora-'), 'shop');
  mkdirSync(dir);
  const git = (args: string[], day?: number) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: dir,
      stdio: 'pipe',
      env: {
        ...process.env,
        ...(day
          ? { GIT_AUTHOR_DATE: `2026-03-0${day}T12:00:00Z`, GIT_COMMITTER_DATE: `2026-03-0${day}T12:00:00Z` }
          : {}),
      },
    });
  git(['init', '--quiet', '--initial-branch', 'main']);
  for (const day of [1, 2, 3, 4, 5, 6]) {
    writeFileSync(join(dir, 'file.txt'), `day ${day}\n`);
    git(['add', '.']);
    git(['commit', '--quiet', '-m', `day ${day}`], day);
    // v1 on day 2's commit, v2 on day 5's: lightweight tags take the commit's date.
    if (day === 2) git(['tag', 'v1']);
    if (day === 5) git(['tag', 'v2']);
  }
  return dir;
}

const Output = z.object({
  environments: z.array(
    z.looseObject({
      environment: z.string(),
      leadTime: z.looseObject({
        medianHours: z.number().nullable(),
        changes: z.array(
          z.looseObject({ deployment: z.string(), hours: z.number(), commits: z.array(z.unknown()) }),
        ),
      }),
      changeFailureRate: z.looseObject({ value: z.number().nullable(), failing: z.number() }),
    }),
  ),
});

describe('waymark dora', () => {
  it('explains itself in --help', async () => {
    const r = await runCli(['dora', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: waymark dora \[options\] \[files\.\.\.\]/);
    assert.match(r.stdout, /--format <format>\s+output format \(choices: "text", "json"/);
    assert.match(
      r.stdout,
      /gh run list --json databaseId,conclusion,createdAt,updatedAt,headSha,event,workflowName/,
    );
  });

  it('measures release tags against the repository history, walking each change in git', async () => {
    const repo = repoWithReleases();
    const incidents = join(tempDir(), 'incidents.csv');
    writeFileSync(incidents, 'id,opened_at,resolved_at\nINC-1,2026-03-05T18:00:00Z,2026-03-05T20:00:00Z\n');
    const r = await runCli(
      [
        'dora',
        incidents,
        '--repo',
        repo,
        '--tags',
        'v*',
        '--to',
        '2026-03-10T00:00:00Z',
        '--days',
        '14',
        '--format',
        'json',
      ],
      { cwd: repo },
    );
    assert.equal(r.code, 0, r.stderr);
    const [prod] = Output.parse(JSON.parse(r.stdout)).environments;
    assert.equal(prod?.environment, 'production');
    const byTag = Object.fromEntries(prod?.leadTime.changes.map((c) => [c.deployment, c]) ?? []);
    // v1: no earlier release, its commit alone, tagged when committed. v2: days 3, 4 and 5, from day 3.
    assert.equal(byTag['file:tag:v1']?.hours, 0);
    assert.equal(byTag['file:tag:v2']?.commits.length, 3);
    assert.equal(byTag['file:tag:v2']?.hours, 48);
    assert.equal(prod?.changeFailureRate.failing, 1, 'the incident 6 h after v2 is pinned on it');
    assert.equal(prod?.changeFailureRate.value, 0.5);

    const text = await runCli(
      [
        'dora',
        incidents,
        '--repo',
        repo,
        '--tags',
        'v*',
        '--to',
        '2026-03-10T00:00:00Z',
        '--days',
        '14',
        '--explain',
      ],
      { cwd: repo },
    );
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^shop · production · 2026-02-24 to 2026-03-10 \(14 days\)$/m);
    assert.match(text.stdout, /^ {2}deployment frequency {2}1 a week \(2 successful, on 2 days\)$/m);
    assert.match(text.stdout, /^ {2}change failure rate {3}50% \(1 of 2 deployments\)$/m);
    assert.match(
      text.stdout,
      /incident INC-1: deployment tag:v2 .* was the latest to production before the incident opened/,
    );
  });

  it('reads event files of every kind together', async () => {
    const r = await runCli([
      'dora',
      fixture('events.json'),
      fixture('gh-run-list.json'),
      fixture('gh-deployments.json'),
      fixture('incidents.csv'),
      '--repo',
      tempDir(),
      '--to',
      '2026-03-20T00:00:00Z',
      '--days',
      '30',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\S+ · production · /m);
    assert.match(r.stdout, /^\S+ · staging · /m);
    assert.match(r.stdout, /note: .*gh-deployments\.json: 1 deployments carry no status/);
    assert.match(r.stdout, /note: .* is not a git repository/);
  });

  it('stops with exit 2, the file, the line and what was expected for a bad file', async () => {
    const r = await runCli(['dora', fixture('events-bad.json'), '--repo', tempDir()]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /events-bad\.json:14:17: expected one of "success", "failure", got string "done"/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    const none = await runCli(['dora', '--repo', tempDir()]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no deployments to measure/);
    const days = await runCli(['dora', fixture('events.json'), '--days', 'many']);
    assert.equal(days.code, 2);
    assert.match(days.stderr, /--days: expected a whole number/);
  });
});
