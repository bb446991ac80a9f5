/**
 * Every file `waymark health` writes goes through the CLI's one writer (writeFileAtomic): a temp
 * file beside the target, renamed over it. A folder or a missing folder as target is exit 2, and
 * nothing is left behind, in the folder or in its parent.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertNoStackTrace, snapshotTree } from '../testing/fuzz.js';
import { REPO_ROOT, tempDir } from '../testing/index.js';
import { runHealthCli } from './testSupport/cli.js';

const FIX = join(REPO_ROOT, 'test/fixtures/health');

function workspace(): string {
  const dir = tempDir('waymark-health-out-');
  copyFileSync(join(FIX, 'waymark.health.yaml'), join(dir, 'waymark.health.yaml'));
  copyFileSync(join(FIX, 'values.json'), join(dir, 'values.json'));
  return dir;
}

describe('health output files', { timeout: 60_000 }, () => {
  const writers = [
    ['eval', '--format', 'json'],
    ['graph', '--format', 'svg'],
  ];

  for (const args of writers) {
    it(`${args[0]} -o FOLDER: exit 2, and no temp file in the folder or its parent`, async () => {
      const dir = workspace();
      const target = join(dir, 'out');
      mkdirSync(target);
      const before = snapshotTree(dir);
      const r = await runHealthCli([...args, '-o', target], dir);
      assert.equal(r.code, 2, r.stderr);
      assertNoStackTrace(r);
      assert.match(r.stderr, /out: cannot write the file: it is a folder/);
      assert.deepEqual(snapshotTree(dir), before, 'nothing written anywhere under the workspace');
      assert.deepEqual(readdirSync(target), []);
    });

    it(`${args[0]} -o into a missing folder: exit 2; -o FILE replaces the file whole`, async () => {
      const dir = workspace();
      const missing = await runHealthCli([...args, '-o', join(dir, 'no', 'such', 'x.out')], dir);
      assert.equal(missing.code, 2, missing.stderr);
      assert.match(missing.stderr, /cannot write the file: its folder .* does not exist/);
      const file = join(dir, 'result.out');
      writeFileSync(file, 'old content that is longer than nothing'.repeat(1000));
      const ok = await runHealthCli([...args, '-o', file], dir);
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(ok.stdout, '', 'the result goes to the file, not to standard output');
      const written = readFileSync(file, 'utf8');
      assert.ok(written.startsWith(args[0] === 'eval' ? '{' : '<svg'), written.slice(0, 40));
      assert.doesNotMatch(written, /old content/);
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.endsWith('.tmp')),
        [],
        'no temp file left beside it',
      );
    });
  }

  it('-o / (the case that once left a temp file in the root) is exit 2 and leaves no temp file there', async () => {
    const r = await runHealthCli(['eval', '-o', '/'], workspace());
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(
      readdirSync('/').filter((f) => /^\..*\.tmp$/.test(f)),
      [],
    );
  });

  it('watch --record FOLDER is exit 2 before the first evaluation', async () => {
    const dir = workspace();
    const r = await runHealthCli(['watch', '--once', '--record', dir], dir);
    assert.equal(r.code, 2, r.stderr);
    assertNoStackTrace(r);
    assert.match(r.stderr, /--record: cannot open the file: it is a folder/);
    assert.equal(r.stdout, '', 'nothing was evaluated');
  });
});
