import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type GitRunner, readGitHistory } from './git.js';

const DAY = 86_400;

test('git history diffs the 90-day window and at least the newest 30 commits; older ones keep hash and time', async () => {
  const newest = 1_700_000_000;
  const commits = [
    { hash: 'a', ct: newest, added: 5, deleted: 1 },
    { hash: 'b', ct: newest - 10 * DAY, added: 7, deleted: 0 },
    ...Array.from({ length: 40 }, (_, i) => ({
      hash: `old${i}`,
      ct: newest - (200 + i) * DAY,
      added: 9,
      deleted: 9,
    })),
  ];
  const calls: string[][] = [];
  const run: GitRunner = async (args) => {
    calls.push(args);
    if (args[0] === 'for-each-ref') return 'v1\x1f1699000000\n';
    const n = Number(args.find((a) => a.startsWith('-n'))?.slice(2));
    const stat = args.includes('--shortstat');
    return commits
      .slice(0, n)
      .map(
        (c) =>
          `\x1e${c.hash}\x1f${c.ct}\n${stat ? `\n 1 file changed, ${c.added} insertions(+), ${c.deleted} deletions(-)\n` : ''}`,
      )
      .join('');
  };
  const h = await readGitHistory(run, '/nowhere');
  assert.deepEqual(h?.commits.slice(0, 2), [
    { hash: 'a', time: newest * 1000, added: 5, deleted: 1 },
    { hash: 'b', time: (newest - 10 * DAY) * 1000, added: 7, deleted: 0 },
  ]);
  assert.deepEqual(h?.commits[29], {
    hash: 'old27',
    time: (newest - 227 * DAY) * 1000,
    added: 9,
    deleted: 9,
  });
  assert.deepEqual(h?.commits[30], {
    hash: 'old28',
    time: (newest - 228 * DAY) * 1000,
    added: 0,
    deleted: 0,
  });
  assert.deepEqual(h?.tags, [{ name: 'v1', time: 1699000000 * 1000 }]);
  const statCall = calls.find((a) => a.includes('--shortstat'));
  assert.ok(statCall?.includes('-n30'), 'the window (2) is widened to the newest 30');
  assert.ok(calls.some((a) => a[0] === 'log' && a.includes('-n2000') && !a.includes('--shortstat')));
});

test('git history is undefined when git fails', async () => {
  assert.equal(await readGitHistory(async () => undefined, '/nowhere'), undefined);
});

test('a commit whose objects are missing is marked unsized; the others keep their sizes', async () => {
  const newest = 1_700_000_000;
  const commits = ['a', 'b', 'c'].map((hash, i) => ({ hash, ct: newest - i * DAY }));
  const run: GitRunner = async (args) => {
    if (args[0] === 'for-each-ref') return '';
    // The listing with sizes fails as a whole, as git does on one unreadable blob.
    if (args[0] === 'log' && args.includes('--shortstat')) return undefined;
    if (args[0] === 'log') return commits.map((c) => `\x1e${c.hash}\x1f${c.ct}\n`).join('');
    const hash = args.at(-1);
    if (hash === 'b') return undefined;
    const c = commits.find((x) => x.hash === hash);
    return `\x1e${hash}\x1f${c?.ct}\n\n 2 files changed, 4 insertions(+), 1 deletion(-)\n`;
  };
  const h = await readGitHistory(run, '/nowhere');
  assert.deepEqual(
    h?.commits.map((c) => [c.hash, c.added, c.deleted, c.sized]),
    [
      ['a', 4, 1, undefined],
      ['b', 0, 0, false],
      ['c', 4, 1, undefined],
    ],
  );
});

test('a busy window is sized from the newest 30 commits and an even sample of the rest, in one git process', async () => {
  const newest = 1_700_000_000;
  // 300 commits in the last 90 days: every one is in the window.
  const commits = Array.from({ length: 300 }, (_, i) => ({
    hash: `c${i}`,
    ct: newest - Math.floor(i * 0.25 * DAY),
    lines: i + 1,
  }));
  const calls: string[][] = [];
  const run: GitRunner = async (args) => {
    calls.push(args);
    if (args[0] === 'for-each-ref') return '';
    if (args[0] === 'log' && !args.includes('--shortstat'))
      return commits.map((c) => `\x1e${c.hash}\x1f${c.ct}\x1fAnn\n`).join('');
    if (args[0] === 'show') {
      const want = new Set(args.filter((a) => a.startsWith('c')));
      return commits
        .filter((c) => want.has(c.hash))
        .map((c) => `\x1e${c.hash}\x1f${c.ct}\x1fAnn\n\n 1 file changed, ${c.lines} insertions(+)\n`)
        .join('');
    }
    throw new Error(`unexpected git ${args.join(' ')}`);
  };
  const h = await readGitHistory(run, '/nowhere');
  assert.ok(!calls.some((a) => a[0] === 'log' && a.includes('--shortstat')), 'no diff of the whole window');
  assert.equal(calls.filter((a) => a[0] === 'show').length, 1, 'one process for the sample');
  const sized = h?.commits.filter((c) => c.sized !== false) ?? [];
  assert.equal(sized.length, 40);
  assert.deepEqual(
    sized.slice(0, 30).map((c) => c.hash),
    commits.slice(0, 30).map((c) => c.hash),
  );
  assert.ok(
    sized.every((c) => c.added === Number(c.hash.slice(1)) + 1),
    'each sized commit has its own size',
  );
  // The sample reaches the far end of the window, not only the newest commits.
  assert.ok(Number(sized.at(-1)?.hash.slice(1)) > 250);
  assert.equal(h?.commits.length, 300);
  assert.equal(h?.commits[0]?.author, 'Ann');
});

test('a root commit, or the one commit of a shallow clone, has no change size', async () => {
  const newest = 1_700_000_000;
  const run: GitRunner = async (args) => {
    if (args[0] === 'for-each-ref') return '';
    const stat = args.includes('--shortstat');
    // git, with log.showRoot=false, prints no summary line for a root commit.
    return [
      `\x1ea\x1f${newest}\x1fAnn\n${stat ? '\n 2 files changed, 3 insertions(+)\n' : ''}`,
      `\x1eroot\x1f${newest - DAY}\x1fAnn\n${stat ? '\n' : ''}`,
    ].join('');
  };
  const h = await readGitHistory(run, '/nowhere');
  assert.deepEqual(
    h?.commits.map((c) => [c.hash, c.added, c.sized]),
    [
      ['a', 3, undefined],
      ['root', 0, false],
    ],
  );
});

test('a history of one commit is not asked for its size, and no tags means no tag listing', async () => {
  const calls: string[][] = [];
  const run: GitRunner = async (args) => {
    calls.push(args);
    return args[0] === 'log' ? '\x1ea\x1f1700000000\n' : 'v1\x1f1699000000\n';
  };
  const h = await readGitHistory(run, '/nowhere', 2000, async () => false);
  assert.deepEqual(h, {
    commits: [{ hash: 'a', time: 1700000000 * 1000, added: 0, deleted: 0, sized: false }],
    tags: [],
  });
  assert.deepEqual(
    calls.map((a) => a[0]),
    ['log'],
    'one git process: the listing',
  );
  const withTags = await readGitHistory(run, '/nowhere', 2000, async () => true);
  assert.deepEqual(withTags?.tags, [{ name: 'v1', time: 1699000000 * 1000 }]);
});
