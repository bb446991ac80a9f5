import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type GitRunner, spawnGit } from '../git.js';
import { presentPractices, runDetector, tempTree } from '../testing.js';
import detector from './gitHistory.js';

const DAY = 86_400;

/** A fake git: `log` and `for-each-ref` answers built from a list of commits and tags. */
function fakeGit(commits: { daysAgo: number; lines: number }[], tags: number[]): GitRunner {
  const now = Math.floor(Date.now() / 1000);
  return async (args) => {
    if (args[0] === 'log') {
      return commits
        .map(
          (c, i) =>
            `\x1e${'a'.repeat(39)}${i % 10}\x1f${now - c.daysAgo * DAY}\n\n 1 file changed, ${c.lines} insertions(+)\n`,
        )
        .join('');
    }
    return tags.map((d, i) => `v${i}\x1f${now - d * DAY}`).join('\n');
  };
}

test('git-history: small frequent commits and regular tags are evidence; large rare ones count against', async () => {
  const root = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'a.txt': 'x' });
  const busy = Array.from({ length: 60 }, (_, i) => ({ daysAgo: i, lines: 40 }));
  const good = await runDetector(detector, root, fakeGit(busy, [10, 40, 70, 100]));
  assert.deepEqual(presentPractices(good), [
    'oe.2.deployment-strategy.cadence',
    'oe.2.improvement.small-increments',
  ]);
  assert.equal(
    good.find((x) => x.practices.includes('oe.2.improvement.small-increments'))?.confidence,
    'medium',
  );
  const rare = Array.from({ length: 10 }, (_, i) => ({ daysAgo: i * 9, lines: 2000 }));
  const bad = await runDetector(detector, root, fakeGit(rare, []));
  assert.deepEqual(
    bad.map((x) => [x.present, x.practices[0]]),
    [[false, 'oe.2.improvement.small-increments']],
  );
});

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
