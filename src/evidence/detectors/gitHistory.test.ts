import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type GitRunner, spawnGit } from '../git.js';
import { ruleTester } from '../ruleTester.js';
import { runDetector, tempTree } from '../testing.js';
import detector from './gitHistory.js';

const DAY = 86_400;

/** A fake git: `log` and `for-each-ref` answers built from a list of commits and tags. */
function fakeGit(commits: { daysAgo: number; lines: number }[], tags: number[]): GitRunner {
  const now = Math.floor(Date.now() / 1000);
  const entry = (c: { daysAgo: number; lines: number }, i: number) =>
    `\x1e${String(i).padStart(40, 'a')}\x1f${now - c.daysAgo * DAY}\n\n 1 file changed, ${c.lines} insertions(+)\n`;
  return async (args) => {
    if (args[0] === 'log') return commits.map(entry).join('');
    // A sample of a busy window, sized by hash.
    if (args[0] === 'show') {
      const want = new Set(args.slice(1));
      return commits
        .map(entry)
        .filter((_, i) => want.has(String(i).padStart(40, 'a')))
        .join('');
    }
    return tags.map((d, i) => `v${i}\x1f${now - d * DAY}`).join('\n');
  };
}

const SMALL = 'oe.2.improvement.small-increments';
const CADENCE = 'oe.2.deployment-strategy.cadence';
const RELEASES = 'oe.4.build-optimization.small-updates';
const tree = { '.git/HEAD': 'ref: refs/heads/main\n', 'a.txt': 'x' };
const daily = (n: number, lines: number) => Array.from({ length: n }, (_, i) => ({ daysAgo: i, lines }));

const DEPLOY_ON_PUSH =
  'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform apply -auto-approve\n';

ruleTester(detector, [
  {
    name: 'daily commits, each push to main deployed by the pipeline: continuous deployment (low)',
    files: { ...tree, '.github/workflows/deploy.yml': DEPLOY_ON_PUSH },
    git: fakeGit(daily(60, 40), []),
    claims: [
      { practice: SMALL, status: 'met' },
      { practice: CADENCE, status: 'partial', confidence: 'low', at: '.github/workflows/deploy.yml:1' },
      { practice: RELEASES, status: 'partial', confidence: 'low' },
    ],
  },
  {
    name: 'a pipeline deploying each push to main of a repository that changes once a month is no cadence',
    trap: true,
    files: { ...tree, '.github/workflows/deploy.yml': DEPLOY_ON_PUSH },
    git: fakeGit(
      Array.from({ length: 12 }, (_, i) => ({ daysAgo: i * 30, lines: 40 })),
      [],
    ),
    claims: [{ practice: SMALL, status: 'not-met' }],
  },
  {
    name: 'small daily commits and monthly tags: small increments, a cadence, releases every month',
    files: tree,
    git: fakeGit(daily(60, 40), [10, 40, 70, 100]),
    claims: [
      { practice: SMALL, status: 'met', confidence: 'medium' },
      { practice: CADENCE, status: 'met' },
      { practice: RELEASES, status: 'partial' },
    ],
  },
  {
    name: 'weekly tags with a few commits each are small frequent releases',
    files: tree,
    git: fakeGit(daily(60, 40), [1, 8, 15, 22, 29, 36]),
    claims: [
      { practice: SMALL, status: 'met' },
      { practice: CADENCE, status: 'met' },
      { practice: RELEASES, status: 'met', confidence: 'medium' },
    ],
  },
  {
    name: 'rare large commits count against small increments',
    files: tree,
    git: fakeGit(
      Array.from({ length: 10 }, (_, i) => ({ daysAgo: i * 9, lines: 2000 })),
      [],
    ),
    claims: [{ practice: SMALL, status: 'not-met', confidence: 'low' }],
  },
  {
    name: 'a quiet repository of small focused commits is judged on its newest commits',
    files: tree,
    git: fakeGit(
      Array.from({ length: 15 }, (_, i) => ({ daysAgo: 10 * i, lines: 12 })),
      [],
    ),
    claims: [{ practice: SMALL, status: 'partial' }],
  },
  {
    name: 'a maintained sample: a small commit every two and a half weeks is still small increments',
    files: tree,
    git: fakeGit(
      Array.from({ length: 15 }, (_, i) => ({ daysAgo: 17 * i, lines: 14 })),
      [],
    ),
    claims: [{ practice: SMALL, status: 'partial', confidence: 'low' }],
  },
  {
    name: 'a trickle of small commits, one a month, is not a stream of increments',
    trap: true,
    files: tree,
    git: fakeGit(
      Array.from({ length: 15 }, (_, i) => ({ daysAgo: 30 * i, lines: 12 })),
      [],
    ),
    claims: [{ practice: SMALL, status: 'not-met', confidence: 'low' }],
  },
  {
    name: 'quarterly releases of big batches are a cadence, not small releases',
    trap: true,
    files: tree,
    git: fakeGit(
      Array.from({ length: 200 }, (_, i) => ({ daysAgo: i, lines: 60 })),
      [1, 90, 180, 270],
    ),
    claims: [
      { practice: SMALL, status: 'met' },
      { practice: CADENCE, status: 'met' },
    ],
  },
]);

test('git-history: no .git, or git failing, gives no findings', async () => {
  const noGit = tempTree({ 'a.txt': 'x' });
  assert.deepEqual(await runDetector(detector, noGit, fakeGit([{ daysAgo: 1, lines: 1 }], [])), []);
  const withGit = tempTree({ '.git/HEAD': 'x', 'a.txt': 'x' });
  assert.deepEqual(await runDetector(detector, withGit, async () => undefined), []);
});

test('git-history: reads a real repository through the git binary', {
  skip: spawnSync('git', ['--version']).status !== 0,
}, async () => {
  const root = tempTree({});
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...a], { cwd: root });
  git('init', '-q');
  for (let i = 0; i < 12; i++) {
    writeFileSync(join(root, `f${i}.txt`), 'line\n'.repeat(i + 1));
    git('add', '.');
    git('commit', '-q', '-m', `c${i}`);
  }
  git('tag', 'v1');
  const history = await (await import('../git.js')).readGitHistory(spawnGit, root);
  assert.equal(history?.commits.length, 12);
  assert.equal(history?.commits[0]?.added, 12);
  assert.deepEqual(
    history?.tags.map((t) => t.name),
    ['v1'],
  );
  // 12 commits in one day of a young repository: judged over its first week, small and frequent.
  const found = await runDetector(detector, root, spawnGit);
  assert.deepEqual(
    found.map((x) => [x.present, x.practices[0]]),
    [[true, 'oe.2.improvement.small-increments']],
  );
  assert.match(found[0]?.summary ?? '', /12\.0 commits a week over 7 days, median 7 lines changed/);
});
