import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../testing/index.js';
import { nodeFs } from './fsEdge.js';
import { mayHaveTags } from './gitTags.js';

function repo(): string {
  const dir = tempDir('waymark-tags-');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], {
      cwd: dir,
      stdio: 'ignore',
    });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'a.txt'), 'a\n');
  git('add', '-A');
  git('commit', '-qm', 'one');
  return dir;
}

test('a repository without tags is known to have none; a loose or packed tag says maybe', async () => {
  const dir = repo();
  assert.equal(await mayHaveTags(nodeFs, dir), false);
  execFileSync('git', ['tag', 'v1'], { cwd: dir });
  assert.equal(await mayHaveTags(nodeFs, dir), true, 'a loose tag');
  execFileSync('git', ['pack-refs', '--all'], { cwd: dir });
  assert.equal(await mayHaveTags(nodeFs, dir), true, 'a packed tag');
});

test('anything but a plain .git folder is asked of git', async () => {
  const dir = tempDir('waymark-tags-');
  writeFileSync(join(dir, '.git'), 'gitdir: /elsewhere\n');
  assert.equal(await mayHaveTags(nodeFs, dir), true, 'a .git file');
  const other = repo();
  mkdirSync(join(other, '.git', 'reftable'));
  assert.equal(await mayHaveTags(nodeFs, other), true, 'the reftable backend');
  rmSync(join(other, '.git', 'refs', 'tags'), { recursive: true });
  rmSync(join(other, '.git', 'reftable'), { recursive: true });
  assert.equal(await mayHaveTags(nodeFs, other), false, 'no tags folder at all');
});
