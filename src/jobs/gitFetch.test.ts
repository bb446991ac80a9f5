import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeGitRepo } from '../testing/gitRepo.js';
import { tempDir } from '../testing/index.js';
import { gitCredentials } from './credentials.js';
import { shallowFetch } from './gitFetch.js';

test('a shallow copy holds the branch files and no template files, and is removed when disposed', async () => {
  const { url } = makeGitRepo({ 'src/app.ts': 'export const a = 1;\n' });
  const tree = await shallowFetch(url, 'main', tempDir('waymark-cache-'), gitCredentials({}));
  assert.equal(readFileSync(join(tree.dir, 'src/app.ts'), 'utf8'), 'export const a = 1;\n');
  assert.ok(existsSync(join(tree.dir, '.git', 'HEAD')));
  assert.ok(existsSync(join(tree.dir, '.git', 'shallow')), 'one commit deep');
  assert.equal(existsSync(join(tree.dir, '.git', 'hooks')), false, 'no sample hooks written');
  await tree.dispose();
  assert.equal(existsSync(tree.dir), false);
});

test('a branch that does not exist fails with git’s reason', async () => {
  const { url } = makeGitRepo();
  await assert.rejects(
    shallowFetch(url, 'no-such-branch', tempDir('waymark-cache-'), gitCredentials({})),
    /git clone failed: .*no-such-branch/,
  );
});
