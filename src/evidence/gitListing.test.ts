import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type GitRunner, spawnGitListing } from './git.js';
import { gitListing, parseLsFiles } from './gitListing.js';
import { scanRepository } from './index.js';
import { tempTree } from './testing.js';
import { FIXTURE_DIRS, walk } from './walker.js';

const paths = (files: readonly { path: string }[]) => files.map((f) => f.path);

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** A real work tree: ignored, untracked, deleted, symlinked and vendored files, nested `.gitignore`. */
function realRepo(): string {
  const root = realpathSync(
    tempTree({
      '.gitignore': '*.log\nbuild/\n',
      '.waymarkignore': 'private/\n',
      'README.md': '# r\n',
      'forced.log': 'tracked although ignored\n',
      'app.log': 'ignored\n',
      'build/out.js': 'ignored folder\n',
      'gone.txt': 'deleted after the commit\n',
      'private/p.md': 'left out by .waymarkignore\n',
      'src/main.ts': 'export {};\n',
      'src/.gitignore': 'secret.txt\n!keep.log\n',
      'src/secret.txt': 'ignored by the nested file\n',
      'src/keep.log': 'brought back by the nested file\n',
      'src/untracked.ts': 'untracked\n',
      'vendor/lib.js': 'vendored\n',
      'fixtures/f.json': '{}\n',
      'logo.png': 'not really a png',
    }),
  );
  symlinkSync('/etc/hostname', join(root, 'out-link'));
  symlinkSync('README.md', join(root, 'readme-link.md'));
  git(root, 'init', '-q');
  git(root, 'add', '.gitignore', '.waymarkignore', 'README.md', 'gone.txt', 'src/main.ts', 'src/.gitignore');
  git(
    root,
    'add',
    'out-link',
    'src/keep.log',
    'vendor/lib.js',
    'fixtures/f.json',
    'logo.png',
    'private/p.md',
  );
  git(root, 'add', '-f', 'forced.log');
  git(root, 'commit', '-qm', 'x');
  unlinkSync(join(root, 'gone.txt'));
  return root;
}

test('a git work tree is listed from the index: ignored, untracked, deleted, symlinks, nested rules', async () => {
  const root = realRepo();
  const calls: string[][] = [];
  const run: GitRunner = (args, cwd) => {
    calls.push(args);
    return spawnGitListing(args, cwd);
  };
  const r = await gitListing(root, { git: run, skipDirs: FIXTURE_DIRS });
  assert.ok(r, 'git listed the tree');
  assert.ok(calls.some((a) => a[0] === 'ls-files'));
  assert.deepEqual(paths(r.files), [
    '.gitignore',
    '.waymarkignore',
    'README.md',
    'forced.log',
    'readme-link.md',
    'src/.gitignore',
    'src/keep.log',
    'src/main.ts',
    'src/untracked.ts',
  ]);
  assert.equal(r.root, root);
  assert.equal(r.hasGit, true);
  assert.equal(r.files.find((f) => f.path === 'readme-link.md')?.symlink, true);
  assert.deepEqual(
    r.files.find((f) => f.path === 'src/main.ts'),
    {
      path: 'src/main.ts',
      name: 'main.ts',
      ext: '.ts',
      dir: 'src',
    },
  );
  const c = r.skips.counts;
  assert.deepEqual(c['symlink-outside-root']?.examples, ['out-link']);
  assert.deepEqual(c.vendored?.examples, ['vendor/']);
  assert.deepEqual(c.fixture?.examples, ['fixtures/']);
  assert.deepEqual(c.binary?.examples, ['logo.png']);
  assert.deepEqual([...(c.ignored?.examples ?? [])].sort(), [
    'app.log',
    'build/',
    'private/',
    'src/secret.txt',
  ]);
  assert.equal(c.ignored?.count, 4);
  // The walker agrees, but for the tracked file a `.gitignore` rule matches (git lists it).
  const w = await walk(root, { skipDirs: FIXTURE_DIRS });
  assert.deepEqual(
    paths(w.files).filter((p) => p !== 'gone.txt'),
    paths(r.files).filter((p) => p !== 'forced.log'),
  );
  // A scan reads through the listing, never the symlink that leads out of the root.
  const scan = await scanRepository(root, { git: false });
  assert.equal(scan.stats.files, r.files.length);
  assert.equal(scan.stats.skipped['symlink-outside-root']?.count, 1);
  rmSync(root, { recursive: true, force: true });
});

test('a subfolder of a work tree, or an ignored folder, is walked (git would list it by the rules above)', async () => {
  const root = realRepo();
  assert.equal(await gitListing(join(root, 'src'), { git: spawnGitListing }), undefined);
  assert.equal(await gitListing(join(root, 'build'), { git: spawnGitListing }), undefined);
  const sub = await scanRepository(join(root, 'src'), { git: false });
  assert.equal(sub.root, join(root, 'src'));
  assert.equal(sub.stats.files, 4); // .gitignore, keep.log, main.ts, untracked.ts
  const ignored = await scanRepository(join(root, 'build'), { git: false });
  assert.equal(ignored.stats.files, 1);
  rmSync(root, { recursive: true, force: true });
});

test('falls back to the walker: no .git, git failing or missing, nested repositories, odd names', async () => {
  const plain = realpathSync(tempTree({ 'a.txt': 'a', '.gitignore': 'b.txt\n', 'b.txt': 'b' }));
  let called = 0;
  const counting: GitRunner = async () => {
    called++;
    return undefined;
  };
  assert.equal(await gitListing(plain, { git: counting }), undefined);
  assert.equal(called, 0, 'git is not run without a .git at the root');
  const root = realRepo();
  assert.equal(await gitListing(root, { git: counting }), undefined);
  const failing = await scanRepository(root, { git: false, gitListing: counting });
  assert.equal(failing.stats.files, 8, 'walked: the walker skips forced.log (a .gitignore rule matches it)');
  // A nested repository or a submodule, names that are not UTF-8, paths that climb out.
  for (const out of [
    '? nested/\0',
    'H 160000 abc 0\tsub\0',
    '? bad-\uFFFD.txt\0',
    '? ../etc/passwd\0',
    '? a/./b\0',
  ]) {
    const fake: GitRunner = async () => out;
    assert.equal(await gitListing(root, { git: fake }), undefined, out);
  }
  const fake: GitRunner = async (args) =>
    args.includes('--ignored') ? '' : 'H 100644 abc 0\tREADME.md\0? src/untracked.ts\0';
  assert.deepEqual(paths((await gitListing(root, { git: fake }))?.files ?? []), [
    'README.md',
    'src/untracked.ts',
  ]);
  // A `.git` folder that is not a repository (git would list by the repository above).
  const notRepo = realpathSync(tempTree({ '.git/config': '', 'a.txt': 'a' }));
  assert.equal(await gitListing(notRepo, { git: fake }), undefined);
  rmSync(notRepo, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
  rmSync(plain, { recursive: true, force: true });
});

test('a real git repository with a file name that is not UTF-8 is walked, and the file is listed', async () => {
  const root = realRepo();
  writeFileSync(
    Buffer.concat([Buffer.from(`${root}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]),
    'y',
  );
  assert.equal(await gitListing(root, { git: spawnGitListing }), undefined);
  const r = await scanRepository(root, { git: false });
  assert.ok(r.stats.files >= 9);
  rmSync(root, { recursive: true, force: true });
});

test('parseLsFiles: deleted entries are marked, untracked ones have no mode', () => {
  const m = parseLsFiles('H 100644 a 0\tx\0R 100644 a 0\tx\0? y\0H 120000 b 0\tl\0');
  assert.deepEqual(
    [...(m?.values() ?? [])],
    [
      { path: 'x', mode: '100644', deleted: true },
      { path: 'y', deleted: false },
      { path: 'l', mode: '120000', deleted: false },
    ],
  );
  assert.equal(parseLsFiles('garbage'), undefined);
});

test('files of a tracked folder that was emptied are not listed', async () => {
  const root = realRepo();
  rmSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'src'));
  const r = await gitListing(root, { git: spawnGitListing });
  assert.deepEqual(
    paths(r?.files ?? []).filter((p) => p.startsWith('src/')),
    [],
  );
  rmSync(root, { recursive: true, force: true });
});
