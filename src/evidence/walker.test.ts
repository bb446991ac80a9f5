import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { ANCHORED, keptDescriptors } from './anchored.js';
import { nodeFs, type WalkerFs } from './fsEdge.js';
import { scanRepository } from './index.js';
import { tempTree } from './testing.js';
import { createRepoView, decodeText, FIXTURE_DIRS, isInside, normalizeRel, walk } from './walker.js';

function paths(files: readonly { path: string }[]): string[] {
  return files.map((f) => f.path);
}

test('lists files sorted, skips .git, honours nested .gitignore with negation and .waymarkignore', async () => {
  const root = realpathSync(
    tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/info/exclude': 'excluded-by-git.txt\n',
      '.gitignore': 'dist/\n*.log\n',
      '.waymarkignore': 'secret-notes/\n',
      'excluded-by-git.txt': 'x',
      'app.log': 'x',
      'dist/bundle.js': 'x',
      'secret-notes/a.md': 'x',
      'src/main.ts': 'x',
      'src/.gitignore': '!keep.log\ngenerated/\n',
      'src/keep.log': 'x',
      'src/generated/out.ts': 'x',
      'src/deep/other.log': 'x',
    }),
  );
  const w = await walk(root);
  assert.deepEqual(paths(w.files), [
    '.gitignore',
    '.waymarkignore',
    'src/.gitignore',
    'src/keep.log',
    'src/main.ts',
  ]);
  assert.equal(w.hasGit, true);
  assert.equal(w.skips.counts.ignored?.count, 6);
  assert.ok(w.skips.counts.ignored?.examples.includes('dist/'));
  rmSync(root, { recursive: true, force: true });
});

test('vendored folders and binary extensions are skipped and counted', async () => {
  const root = realpathSync(
    tempTree({
      'node_modules/x/index.js': 'x',
      'vendor/lib.go': 'x',
      'a/node_modules/y.js': 'x',
      'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
      'ok.txt': 'hi',
    }),
  );
  const w = await walk(root);
  assert.deepEqual(paths(w.files), ['ok.txt']);
  assert.equal(w.skips.counts.vendored?.count, 3);
  assert.equal(w.skips.counts.binary?.count, 1);
  rmSync(root, { recursive: true, force: true });
});

test('symlinks: outside the root, loops and directories are never followed; files inside are listed', async () => {
  const root = realpathSync(tempTree({ 'real/target.txt': 'inside', 'readme.md': 'x' }));
  symlinkSync('/etc', join(root, 'etc-link'));
  symlinkSync('/etc/hostname', join(root, 'hostname-link'));
  symlinkSync('loop-b', join(root, 'loop-a'));
  symlinkSync('loop-a', join(root, 'loop-b'));
  symlinkSync('.', join(root, 'self'));
  symlinkSync('real/target.txt', join(root, 'alias.txt'));
  symlinkSync('missing', join(root, 'dangling'));
  const w = await walk(root);
  assert.deepEqual(paths(w.files), ['alias.txt', 'readme.md', 'real/target.txt']);
  assert.equal(w.files[0]?.symlink, true);
  assert.equal(w.skips.counts['symlink-outside-root']?.count, 2);
  assert.equal(w.skips.counts['symlink-loop']?.count, 2);
  assert.equal(w.skips.counts['symlink-dir']?.count, 1);
  assert.equal(w.skips.counts['symlink-broken']?.count, 1);
  const repo = createRepoView(w);
  assert.equal(await repo.read('alias.txt'), 'inside');
  rmSync(root, { recursive: true, force: true });
});

/** Wraps the real file system and records every path it is asked about. */
function recordingFs(): { fs: WalkerFs; calls: { op: string; path: string }[] } {
  const calls: { op: string; path: string }[] = [];
  const rec = <A extends unknown[], R>(op: string, fn: (p: string, ...rest: A) => R) => {
    return (p: string, ...rest: A): R => {
      calls.push({ op, path: p });
      return fn(p, ...rest);
    };
  };
  const fs: WalkerFs = {
    readdir: rec('readdir', nodeFs.readdir),
    stat: rec('stat', nodeFs.stat),
    realpath: rec('realpath', nodeFs.realpath),
    readFile: rec('readFile', nodeFs.readFile),
    readSmallText: rec('readSmallText', nodeFs.readSmallText),
  };
  return { fs, calls };
}

test('no file outside the root is ever opened, listed or read, even through symlinks', async () => {
  const root = realpathSync(tempTree({ 'a.txt': 'a', '.gitignore': 'x\n', 'sub/b.yaml': 'b: 1' }));
  symlinkSync('/etc', join(root, 'etc'));
  symlinkSync('/etc/passwd', join(root, 'passwd'));
  symlinkSync('/etc/passwd', join(root, 'sub', '.gitignore'));
  const { fs, calls } = recordingFs();
  const w = await walk(root, { fs });
  const repo = createRepoView(w, { fs });
  for (const f of repo.files) await repo.read(f.path);
  assert.deepEqual(paths(repo.files).sort(), ['.gitignore', 'a.txt', 'sub/b.yaml']);
  const opened = calls.filter((c) => c.op !== 'realpath');
  assert.ok(opened.length > 0);
  for (const c of calls) assert.ok(isInside(root, c.path), `${c.op} asked for ${c.path}`);
  for (const c of calls.filter((c) => c.op === 'readFile' || c.op === 'readSmallText')) {
    assert.ok(isInside(root, realpathSync(c.path)), `read resolves outside: ${c.path}`);
  }
  assert.ok(!calls.some((c) => c.path.startsWith('/etc')));
  rmSync(root, { recursive: true, force: true });
});

test('a folder swapped for a symlink after listing is caught before anything is read', async () => {
  const root = realpathSync(tempTree({ 'sub/hostname': 'inside', 'sub/passwd': 'inside' }));
  const w = await walk(root);
  const repo = createRepoView(w);
  rmSync(join(root, 'sub'), { recursive: true });
  symlinkSync('/etc', join(root, 'sub'));
  assert.equal(await repo.read('sub/hostname'), undefined);
  assert.equal(w.skips.counts['symlink-outside-root']?.count, 1);
  rmSync(root, { recursive: true, force: true });
});

test('file names that are not valid UTF-8 do not stop the walk', async () => {
  const root = realpathSync(tempTree({ 'ok.txt': 'x' }));
  writeFileSync(
    Buffer.concat([Buffer.from(`${root}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]),
    'y',
  );
  const w = await walk(root);
  assert.equal(w.files.length, 2);
  const repo = createRepoView(w);
  for (const f of repo.files) await repo.read(f.path);
  assert.equal(await repo.read('ok.txt'), 'x');
  rmSync(root, { recursive: true, force: true });
});

test('read() refuses paths that climb out of the root or were not listed', async () => {
  const root = realpathSync(tempTree({ 'a.txt': 'a' }));
  const repo = createRepoView(await walk(root));
  for (const bad of ['../a.txt', '/etc/passwd', 'x/../../etc/passwd', '', '.', 'nope.txt', 'a.txt\0']) {
    await assert.rejects(async () => repo.read(bad), /refusing to read outside|not a file listed/, bad);
  }
  assert.equal(await repo.read('./a.txt'), 'a');
  assert.throws(() => normalizeRel('..'));
  rmSync(root, { recursive: true, force: true });
});

test('binary content, large files and non-UTF-8 text are handled on read and counted', async () => {
  const big = 'x'.repeat(5000);
  const root = realpathSync(
    tempTree({
      'blob.dat': new Uint8Array([1, 2, 0, 3]),
      'big.txt': big,
      'latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
      'utf16.txt': new Uint8Array([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]),
      'bom.txt': new Uint8Array([0xef, 0xbb, 0xbf, 0x6f, 0x6b]),
    }),
  );
  const w = await walk(root, { maxFileBytes: 1000 });
  const repo = createRepoView(w, { maxFileBytes: 1000 });
  assert.equal(await repo.read('blob.dat'), undefined);
  assert.equal(await repo.read('big.txt'), undefined);
  assert.equal(await repo.read('latin1.txt'), 'café');
  assert.equal(await repo.read('utf16.txt'), 'hi');
  assert.equal(await repo.read('bom.txt'), 'ok');
  assert.equal(w.skips.counts.binary?.count, 1);
  assert.equal(w.skips.counts['too-large']?.count, 1);
  assert.equal(w.skips.counts['not-utf8']?.count, 2);
  // With stat on, the large file is left out while listing.
  const w2 = await walk(root, { maxFileBytes: 1000, stat: true });
  assert.ok(!paths(w2.files).includes('big.txt'));
  assert.equal(w2.skips.counts['too-large']?.count, 1);
  rmSync(root, { recursive: true, force: true });
});

test('decodeText tells binary from text', () => {
  assert.equal(decodeText(new Uint8Array([0x61, 0, 0x62])), undefined);
  assert.deepEqual(decodeText(new TextEncoder().encode('héllo')), { text: 'héllo', utf8: true });
});

test('permission errors and vanished directories are counted, not fatal', async () => {
  const root = realpathSync(tempTree({ 'ok/a.txt': 'a', 'locked/b.txt': 'b', 'c.txt': 'c' }));
  const fs: WalkerFs = {
    ...nodeFs,
    readdir: async (p) => {
      if (p.endsWith(`${sep}locked`))
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return nodeFs.readdir(p);
    },
    readFile: async (p, n) => {
      if (p.endsWith('c.txt')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return nodeFs.readFile(p, n);
    },
  };
  const w = await walk(root, { fs });
  assert.deepEqual(paths(w.files), ['c.txt', 'ok/a.txt']);
  assert.deepEqual(w.skips.counts.unreadable?.examples, ['locked/']);
  const repo = createRepoView(w, { fs });
  assert.equal(await repo.read('c.txt'), undefined);
  assert.equal(w.skips.counts.unreadable?.count, 2);
  rmSync(root, { recursive: true, force: true });
});

test('special files (FIFOs) are skipped, never opened', async (t) => {
  const root = realpathSync(tempTree({ 'a.txt': 'a' }));
  if (spawnSync('mkfifo', [join(root, 'pipe')]).status !== 0) return t.skip('mkfifo not available');
  const w = await walk(root);
  assert.deepEqual(paths(w.files), ['a.txt']);
  assert.equal(w.skips.counts.special?.count, 1);
  rmSync(root, { recursive: true, force: true });
});

test('glob, byName and byExt agree with the listing', async () => {
  const root = realpathSync(
    tempTree({
      'infra/main.tf': '',
      'infra/env/prod.tfvars': '',
      '.github/workflows/ci.yml': '',
      'README.md': '',
    }),
  );
  const repo = createRepoView(await walk(root));
  assert.deepEqual(paths(repo.glob('**/*.tf')), ['infra/main.tf']);
  assert.deepEqual(paths(repo.glob('.github/workflows/*.{yml,yaml}')), ['.github/workflows/ci.yml']);
  assert.deepEqual(paths(repo.glob('infra/**')), ['infra/env/prod.tfvars', 'infra/main.tf']);
  assert.deepEqual(paths(repo.byName('readme.MD')), ['README.md']);
  assert.deepEqual(paths(repo.byExt('.TFVARS')), ['infra/env/prod.tfvars']);
  rmSync(root, { recursive: true, force: true });
});

test('indexed lookups (glob, byNamePrefix, inDirs, byExtInOrder) agree with a plain filter of the listing', async () => {
  const names = [
    'a.yml',
    'b.yaml',
    'Chart.yaml',
    'main.tf',
    'x.pipeline.yml',
    'Jenkinsfile.prod',
    'values-dev.yaml',
  ];
  const dirs = ['', 'deploy/', 'a/deploy/b/', 'roles/web/tasks/', '.github/workflows/', 'Deploy-x/', 'e2e/'];
  const files: Record<string, string> = {};
  for (const d of dirs) for (const n of names) files[`${d}${n}`] = '';
  const root = realpathSync(tempTree(files));
  const repo = createRepoView(await walk(root));
  const globRe = (g: string) => {
    // The same translation the walker uses, applied to every file: the reference answer.
    const re = g
      .replace(/[.+^$()|[\]\\]/g, '\\$&')
      .replace(/\{([^}]*)\}/g, (_m, a: string) => `(?:${a.split(',').join('|')})`)
      .replace(/\*\*\//g, '@@')
      .replace(/\*\*/g, '.*')
      .replace(/\*/g, '[^/]*')
      .replace(/@@/g, '(?:.*/)?');
    return new RegExp(`^${re}$`, 'i');
  };
  for (const g of [
    '**/*.{yml,yaml}',
    '**/{deploy,build}/**/*.{yml,yaml}',
    '**/*.pipeline.{yml,yaml}',
    '**/roles/*/tasks/main.{yml,yaml}',
    '.github/workflows/*.{yml,yaml}',
    '**/*.tf',
    'deploy/**',
    '**/Chart.yaml',
  ]) {
    const re = globRe(g);
    const yml = repo.files.filter((f) => f.ext === '.yml' && re.test(f.path));
    const rest = repo.files.filter((f) => f.ext !== '.yml' && re.test(f.path));
    // With `{yml,yaml}`, the files of the first extension come first (as before indexing).
    const expected = g.endsWith('{yml,yaml}') ? [...yml, ...rest] : repo.files.filter((f) => re.test(f.path));
    assert.deepEqual(paths(repo.glob(g)), paths(expected), g);
  }
  assert.deepEqual(
    paths(repo.byNamePrefix('jenkinsfile', 'values')),
    paths(repo.files.filter((f) => /^(jenkinsfile|values)/i.test(f.name))),
  );
  assert.deepEqual(paths(repo.byNamePrefix('c')), paths(repo.files.filter((f) => /^c/i.test(f.name))));
  const dirRe = /(^|\/)deploy\//i;
  assert.deepEqual(paths(repo.inDirs(dirRe)), paths(repo.files.filter((f) => dirRe.test(f.path))));
  assert.deepEqual(paths(repo.inDirs(/^\/$/)), paths(repo.files.filter((f) => !f.path.includes('/'))));
  assert.deepEqual(
    paths(repo.byExtInOrder('.yaml', '.yml')),
    paths(repo.files.filter((f) => f.ext === '.yaml' || f.ext === '.yml')),
  );
  assert.deepEqual(
    paths(repo.byName('chart.YAML')),
    paths(repo.files.filter((f) => f.name === 'Chart.yaml')),
  );
  for (const f of repo.files) assert.equal(repo.get(f.path), f);
  assert.equal(repo.get('deploy'), undefined);
  rmSync(root, { recursive: true, force: true });
});

test('head() reads the beginning of a long file without breaking a UTF-8 character or counting it twice', async () => {
  const long = `${'é'.repeat(10)}\n${'x'.repeat(40_000)}`;
  const root = realpathSync(tempTree({ 'long.txt': long, 'short.txt': 'short' }));
  const w = await walk(root);
  const repo = createRepoView(w);
  const head = await repo.head('long.txt', 15);
  assert.equal(head, 'é'.repeat(7));
  assert.equal(await repo.head('long.txt', 15), head);
  assert.equal((await repo.head('long.txt'))?.length, 10 + 1 + (16 * 1024 - 21)); // a longer prefix: read again
  assert.equal(await repo.read('long.txt'), long);
  assert.equal(await repo.head('short.txt'), 'short');
  assert.equal(await repo.read('short.txt'), 'short');
  assert.equal(w.skips.counts['not-utf8'], undefined);
  assert.equal(repo.readStats.filesRead, 4); // the short file was read once: its head was all of it
  rmSync(root, { recursive: true, force: true });
});

const hasGit = spawnSync('git', ['--version']).status === 0;

test('property: the walker lists exactly what git does not ignore', { skip: !hasGit }, async () => {
  const seg = fc.constantFrom('a', 'b', 'src', 'docs', 'out', 'x.y', 'tmp');
  const file = fc.tuple(
    fc.array(seg, { maxLength: 3 }),
    fc.constantFrom('f.ts', 'g.md', 'h.log', 'out', 'k.txt', '.env'),
  );
  const pattern = fc.constantFrom(
    '*.log',
    'out',
    'out/',
    '/a',
    'docs/',
    '!keep.log',
    'b/*.md',
    '**/tmp',
    '.env',
    'src/**/g.md',
    '!f.ts',
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(file, { minLength: 1, maxLength: 25 }),
      fc.array(pattern, { maxLength: 4 }),
      fc.array(pattern, { maxLength: 2 }),
      async (fs, rootRules, subRules) => {
        const root = realpathSync(tempTree({}));
        try {
          const made = new Set<string>();
          for (const [dirs, name] of fs) {
            const rel = [...dirs, name].join('/');
            // a path cannot be both a file and a directory
            if ([...made].some((m) => m.startsWith(`${rel}/`) || rel.startsWith(`${m}/`))) continue;
            mkdirSync(join(root, ...dirs), { recursive: true });
            writeFileSync(join(root, rel), 'x');
            made.add(rel);
          }
          writeFileSync(join(root, '.gitignore'), `${rootRules.join('\n')}\n`);
          made.add('.gitignore');
          if (made.has('src') === false && [...made].some((m) => m.startsWith('src/'))) {
            writeFileSync(join(root, 'src', '.gitignore'), `${subRules.join('\n')}\n`);
          }
          execFileSync('git', ['init', '-q'], { cwd: root });
          const expected = execFileSync('git', ['ls-files', '--others', '--exclude-standard', '-z'], {
            cwd: root,
            encoding: 'utf8',
          })
            .split('\0')
            .filter(Boolean)
            .sort();
          const w = await walk(root);
          assert.deepEqual(paths(w.files), expected);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('folder descriptors kept for reads stay few and are closed when the scan is done', async (t) => {
  if (!ANCHORED) return t.skip('descriptors are only kept on Linux');
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) files[`d${i}/sub/f.txt`] = `${i}`;
  const root = realpathSync(tempTree(files));
  const w = await walk(root);
  assert.equal(keptDescriptors(), 0, 'the walk closes what it opened');
  const repo = createRepoView(w);
  for (const f of repo.files) await repo.read(f.path);
  assert.ok(keptDescriptors() > 0 && keptDescriptors() <= 128, `kept ${keptDescriptors()}`);
  repo.release();
  assert.equal(keptDescriptors(), 0);
  const fds = () => readdirSync('/proc/self/fd').length;
  const before = fds();
  await scanRepository(root, { git: false });
  assert.equal(fds(), before, 'a scan leaves no descriptor open');
  rmSync(root, { recursive: true, force: true });
});

test('a JVM package named like a fixture folder (com/example, samples) is code; a top-level examples/ is not', async () => {
  const root = tempTree({
    'src/main/java/com/example/demo/App.java': 'class App {}\n',
    'src/test/java/org/acme/samples/AppTests.java': 'class AppTests {}\n',
    'src/main/kotlin/io/sample/Main.kt': 'fun main() {}\n',
    'examples/demo/App.java': 'class Demo {}\n',
    'docs/samples/a.md': 'x\n',
  });
  const w = await walk(root, { skipDirs: FIXTURE_DIRS });
  assert.deepEqual(
    w.files.map((f) => f.path),
    [
      'src/main/java/com/example/demo/App.java',
      'src/main/kotlin/io/sample/Main.kt',
      'src/test/java/org/acme/samples/AppTests.java',
    ],
  );
  assert.deepEqual([...(w.skips.counts.fixture?.examples ?? [])].sort(), ['docs/samples/', 'examples/']);
  rmSync(root, { recursive: true, force: true });
});

test('the view keeps texts up to its budget: the oldest are dropped, read again when asked, and come back the same', async () => {
  const root = realpathSync(
    tempTree({ 'a.txt': 'a'.repeat(30), 'b.txt': 'b'.repeat(30), 'c.txt': 'c'.repeat(5) }),
  );
  const repo = createRepoView(await walk(root), { cacheChars: 40 });
  assert.equal(await repo.read('a.txt'), 'a'.repeat(30));
  assert.equal(await repo.read('a.txt'), 'a'.repeat(30));
  assert.equal(repo.readStats.filesRead, 1, 'a second read within the budget comes from the cache');
  assert.equal(await repo.read('b.txt'), 'b'.repeat(30)); // 60 characters: a.txt is dropped
  assert.equal(await repo.read('c.txt'), 'c'.repeat(5));
  assert.equal(await repo.read('b.txt'), 'b'.repeat(30));
  assert.equal(repo.readStats.filesRead, 3);
  assert.equal(await repo.read('a.txt'), 'a'.repeat(30));
  assert.equal(repo.readStats.filesRead, 4, 'a dropped text is read again');
  rmSync(root, { recursive: true, force: true });
});
