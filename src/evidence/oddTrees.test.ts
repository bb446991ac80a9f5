// The walker and the repository view on trees that are odd rather than hostile: unreadable folders,
// names that are not UTF-8, FIFOs and sockets, very deep nesting, files that vanish mid-scan.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  realpathSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ANCHORED } from './anchored.js';
import { nodeFs, type WalkerFs } from './fsEdge.js';
import { tempTree } from './testing.js';
import { createRepoView, walk } from './walker.js';

const paths = (files: readonly { path: string }[]) => files.map((f) => f.path);
const isRoot = process.getuid?.() === 0;
const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

interface ChildWalk {
  files: string[];
  skips: Record<string, { count: number; examples: string[] }>;
  texts: Record<string, string | null>;
}

/**
 * Walks `root` and reads every listed file in a child process, so that a walk that blocks (a FIFO
 * opened for reading) fails the test after `timeout` instead of hanging it. With `nobody`, the
 * child drops to uid/gid 65534 first: permissions are not enforced for root.
 * With `fifoAfterWalk`, that listed file is replaced by a FIFO between the walk and the reads.
 */
function walkInChild(root: string, opts: { nobody?: boolean; fifoAfterWalk?: string } = {}): ChildWalk {
  const script = `
    const [root, walker, nobody, fifo] = process.argv.slice(1);
    if (nobody === '1') { process.setgid(65534); process.setuid(65534); }
    const { walk, createRepoView } = await import(walker);
    const w = await walk(root);
    if (fifo) {
      const { unlinkSync } = await import('node:fs');
      const { spawnSync } = await import('node:child_process');
      unlinkSync(root + '/' + fifo);
      spawnSync('mkfifo', [root + '/' + fifo]);
    }
    const repo = createRepoView(w);
    const texts = {};
    for (const f of w.files) texts[f.path] = (await repo.read(f.path)) ?? null;
    console.log(JSON.stringify({ files: w.files.map((f) => f.path), skips: w.skips.counts, texts }));`;
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      script,
      root,
      new URL('./walker.js', import.meta.url).href,
      opts.nobody ? '1' : '0',
      opts.fifoAfterWalk ?? '',
    ],
    { encoding: 'utf8', timeout: 20_000 },
  );
  assert.equal(r.error, undefined, `the walk did not finish: ${r.error}`);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as ChildWalk;
}

test('unreadable folders and files are counted as unreadable, the rest is listed and read', async (t) => {
  const root = realpathSync(
    tempTree({ 'ok/a.txt': 'a', 'locked/b.txt': 'b', 'secret.txt': 's', 'c.txt': 'c' }),
  );
  chmodSync(root, 0o755);
  chmodSync(join(root, 'ok'), 0o755);
  chmodSync(join(root, 'locked'), 0o000);
  chmodSync(join(root, 'secret.txt'), 0o000);
  try {
    if (process.platform === 'win32') return t.skip('POSIX permissions');
    // As root, for whom permissions are not enforced, the walk runs as nobody.
    const r = walkInChild(root, { nobody: isRoot });
    assert.deepEqual(r.files, ['c.txt', 'ok/a.txt', 'secret.txt']);
    assert.deepEqual(r.texts, { 'c.txt': 'c', 'ok/a.txt': 'a', 'secret.txt': null });
    assert.deepEqual(r.skips.unreadable?.examples.sort(), ['locked/', 'secret.txt']);
  } finally {
    chmodSync(join(root, 'locked'), 0o755);
    rmSync(root, { recursive: true, force: true });
  }
});

test('names that are not valid UTF-8, for files and folders, do not stop the walk or the reads', async () => {
  const root = realpathSync(tempTree({ 'ok.txt': 'x', 'sub/fine.md': 'y' }));
  const bad = (name: string) =>
    Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0xff, 0xfe]), Buffer.from(name)]);
  writeFileSync(bad('.txt'), 'latin');
  mkdirSync(bad('-dir'));
  writeFileSync(Buffer.concat([bad('-dir'), Buffer.from('/inner.txt')]), 'inner');
  const w = await walk(root);
  const repo = createRepoView(w);
  assert.ok(paths(w.files).includes('ok.txt') && paths(w.files).includes('sub/fine.md'));
  for (const f of repo.files) await repo.read(f.path); // none throws
  assert.equal(await repo.read('ok.txt'), 'x');
  assert.equal(await repo.read('sub/fine.md'), 'y');
  // The folder's name cannot be spelled back from its decoded form: counted, not entered.
  assert.deepEqual(w.skips.counts.unreadable?.examples.slice(0, 1), ['\ufffd\ufffd-dir/']);
  rmSync(root, { recursive: true, force: true });
});

test('FIFOs and sockets are skipped without being opened; a FIFO put in place of a listed file is not waited on', {
  skip: !hasMkfifo && 'mkfifo not available',
}, async () => {
  const root = realpathSync(tempTree({ 'a.txt': 'a', 'later.txt': 'soon a FIFO', '.git/info/.keep': '' }));
  chmodSync(root, 0o755);
  for (const fifo of ['pipe', '.gitignore', '.git/info/exclude']) spawnSync('mkfifo', [join(root, fifo)]);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(join(root, 'sock'), resolve));
  try {
    const r = walkInChild(root, { fifoAfterWalk: 'later.txt' });
    assert.deepEqual(r.files, ['a.txt', 'later.txt']);
    assert.deepEqual(r.texts, { 'a.txt': 'a', 'later.txt': null });
    assert.deepEqual(r.skips.special?.examples.sort(), ['.gitignore', 'later.txt', 'pipe', 'sock']);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  }
});

test('5,000 nested folders: listed and read to the bottom, no stack overflow', {
  skip: !ANCHORED && 'the tree is built through /proc/self/fd (its path is longer than PATH_MAX)',
}, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'waymark-deep-')));
  const DEPTH = 5000;
  try {
    // Built one folder at a time through descriptors: the full path is ~10,000 characters.
    let fd = openSync(root, constants.O_RDONLY | constants.O_DIRECTORY);
    for (let i = 0; i < DEPTH; i++) {
      mkdirSync(`/proc/self/fd/${fd}/d`);
      const next = openSync(`/proc/self/fd/${fd}/d`, constants.O_RDONLY | constants.O_DIRECTORY);
      closeSync(fd);
      fd = next;
    }
    writeFileSync(`/proc/self/fd/${fd}/bottom.txt`, 'the bottom');
    closeSync(fd);
    writeFileSync(join(root, 'top.txt'), 'top');
    const w = await walk(root);
    const deep = `${'d/'.repeat(DEPTH)}bottom.txt`;
    assert.deepEqual(paths(w.files), [deep, 'top.txt']);
    assert.equal(w.directories, DEPTH + 1);
    assert.deepEqual(w.skips.counts, {});
    const repo = createRepoView(w);
    assert.equal(await repo.read(deep), 'the bottom');
    repo.release();
  } finally {
    // rm walks with openat; Node's rmSync would give up past PATH_MAX.
    spawnSync('rm', ['-rf', root]);
  }
});

test('a file that vanishes between listing and reading is counted as unreadable', async () => {
  const root = realpathSync(tempTree({ 'stays.txt': 's', 'goes.txt': 'g', 'sub/goes-too.md': 'g' }));
  const w = await walk(root);
  unlinkSync(join(root, 'goes.txt'));
  rmSync(join(root, 'sub'), { recursive: true });
  const repo = createRepoView(w);
  assert.equal(await repo.read('goes.txt'), undefined);
  assert.equal(await repo.head('sub/goes-too.md'), undefined);
  assert.equal(await repo.read('stays.txt'), 's');
  assert.deepEqual(w.skips.counts.unreadable, { count: 2, examples: ['goes.txt', 'sub/goes-too.md'] });
  rmSync(root, { recursive: true, force: true });
});

test('a folder or file that vanishes while the walk runs is counted, not fatal', async () => {
  const root = realpathSync(tempTree({ 'a.txt': 'a', 'gone/b.txt': 'b', 'later/c.txt': 'c', 'z.txt': 'z' }));
  // The root's listing is taken, then the tree changes before anything else is looked at.
  const fs: WalkerFs = {
    ...nodeFs,
    readdir: async (dir, within) => {
      const entries = await nodeFs.readdir(dir, within);
      if (dir === root) {
        rmSync(join(root, 'gone'), { recursive: true });
        unlinkSync(join(root, 'z.txt'));
      }
      return entries;
    },
  };
  const w = await walk(root, { fs, stat: true });
  assert.deepEqual(paths(w.files), ['a.txt', 'later/c.txt']);
  assert.deepEqual(w.skips.counts.unreadable?.examples.sort(), ['gone/', 'z.txt']);
  rmSync(root, { recursive: true, force: true });
});
