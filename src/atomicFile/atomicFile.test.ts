import assert from 'node:assert/strict';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../diagnostics/index.js';
import { assertNoStackTrace } from '../testing/fuzz.js';
import { runCli, tempDir } from '../testing/index.js';
import { writeFileAtomic } from './index.js';

const FABRIKAM = 'examples/fabrikam-payments/waymark.assessment.yaml';

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves nothing beside it', () => {
    const dir = tempDir();
    const file = join(dir, 'report.txt');
    writeFileSync(file, 'old');
    writeFileAtomic(file, 'new', { durable: true });
    assert.equal(readFileSync(file, 'utf8'), 'new');
    assert.deepEqual(readdirSync(dir), ['report.txt']);
  });

  it('a device stays a device: -o /dev/null writes into it, never renames over it', () => {
    writeFileAtomic('/dev/null', 'discarded');
    assert.ok(statSync('/dev/null').isCharacterDevice(), '/dev/null is still a character device');
    assert.ok(
      readdirSync('/dev').every((f) => !f.startsWith('.null.')),
      'no temp file left in /dev',
    );
  });

  it('a symbolic link keeps pointing at the file, which gets the new content', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'real.txt'), 'old');
    symlinkSync('real.txt', join(dir, 'link.txt'));
    writeFileAtomic(join(dir, 'link.txt'), 'new');
    assert.ok(lstatSync(join(dir, 'link.txt')).isSymbolicLink());
    assert.equal(readFileSync(join(dir, 'real.txt'), 'utf8'), 'new');
  });

  it('a missing folder is an input error naming the file', () => {
    const dir = tempDir();
    assert.throws(
      () => writeFileAtomic(join(dir, 'nope', 'x.json'), '{}', { display: 'nope/x.json' }),
      (err: unknown) =>
        err instanceof InputError &&
        err.location.file === 'nope/x.json' &&
        /folder nope does not exist/.test(err.message),
    );
    assert.deepEqual(readdirSync(dir), []);
  });

  it('a target that is a folder is an input error, and no temp file is left in it or its parent', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    assert.throws(() => writeFileAtomic(join(dir, 'out'), 'x'), /it is a folder/);
    assert.deepEqual(readdirSync(dir), ['out']);
    assert.deepEqual(readdirSync(join(dir, 'out')), []);
  });

  it('a folder that cannot be written is an input error and the old file stays', {
    skip: process.getuid?.() === 0,
  }, () => {
    const dir = tempDir();
    const file = join(dir, 'keep.txt');
    writeFileSync(file, 'old');
    chmodSync(dir, 0o500);
    assert.throws(() => writeFileAtomic(file, 'new'), /permission denied/);
    chmodSync(dir, 0o700);
    assert.equal(readFileSync(file, 'utf8'), 'old');
  });
});

describe('every --output of the CLI goes through the one writer', () => {
  const cases: [string, (out: string, dir: string) => string[]][] = [
    ['assess', (out) => ['assess', '-a', FABRIKAM, '-o', out]],
    ['plan', (out) => ['plan', '-a', FABRIKAM, '-o', out]],
    ['scan', (out) => ['scan', 'examples/fabrikam-payments', '-o', out]],
    ['db backup', (out, dir) => ['db', 'backup', out, '--db', join(dir, 'w.db')]],
    [
      'health eval',
      (out) => [
        'health',
        'eval',
        '-m',
        'test/fixtures/health/waymark.health.yaml',
        '-s',
        'test/fixtures/health/values.json',
        '-o',
        out,
      ],
    ],
    [
      'health graph',
      (out) => ['health', 'graph', '-m', 'test/fixtures/health/waymark.health.yaml', '--no-eval', '-o', out],
    ],
    ['perf summary', (out) => ['perf', 'summary', 'test/fixtures/perf/k6.ndjson', '--output', out]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: a missing folder and a folder as target are exit 2 with the path, and nothing is left behind`, async () => {
      const dir = tempDir();
      const env = { DATABASE_URL: undefined };
      const missing = await runCli(args(join(dir, 'nonexistent', 'x.out'), dir), { env });
      assert.equal(missing.code, 2, missing.stderr);
      assertNoStackTrace(missing);
      assert.match(
        missing.stderr,
        /nonexistent\/x\.out: cannot write the file: its folder .*nonexistent does not exist/,
      );
      mkdirSync(join(dir, 'target'));
      const folder = await runCli(args(join(dir, 'target'), dir), { env });
      assert.equal(folder.code, 2, folder.stderr);
      assertNoStackTrace(folder);
      assert.match(folder.stderr, /cannot write the file: it is a folder/);
      assert.deepEqual(readdirSync(join(dir, 'target')), []);
      assert.ok(
        readdirSync(dir).every((f) => !f.endsWith('.tmp')),
        `no temp file beside the target: ${readdirSync(dir).join(', ')}`,
      );
    });
  }
});
