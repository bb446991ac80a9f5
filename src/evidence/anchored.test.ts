import assert from 'node:assert/strict';
import { mkdirSync, readlinkSync, realpathSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ANCHORED, dirFd, fdPath, keptDescriptors, release } from './anchored.js';
import { tempTree } from './testing.js';

const skip = !ANCHORED && 'needs /proc/self/fd (Linux)';
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'no error';
};

test('dirFd opens the folder itself, from the root down, and never a folder outside the root', {
  skip,
}, () => {
  const root = realpathSync(tempTree({ 'a/b/c/f.txt': 'x', 'other/g.txt': 'y' }));
  const other = join(root, 'other');
  assert.equal(readlinkSync(fdPath(dirFd(root, join(root, 'a', 'b', 'c')))), join(root, 'a', 'b', 'c'));
  assert.equal(readlinkSync(fdPath(dirFd(root, root))), root);
  // Kept descriptors are not handed out for another root's folders (they are cached by path).
  dirFd(root, other);
  assert.equal(
    code(() => dirFd(join(root, 'a'), other)),
    'EXDEV',
  );
  assert.equal(
    code(() => dirFd(join(root, 'a'), `${root}/ab`)),
    'EXDEV',
  );
  assert.equal(
    code(() => dirFd(root, `${root}/a/../other`)),
    'EINVAL',
  );
  assert.equal(
    code(() => dirFd(root, `${root}/a//b`)),
    'EINVAL',
  );
  release(root);
  assert.equal(keptDescriptors(), 0);
  rmSync(root, { recursive: true, force: true });
});

test('a folder on the way swapped for a symlink is refused, not followed', { skip }, () => {
  const root = realpathSync(tempTree({ 'real/sub/f.txt': 'x' }));
  const outside = realpathSync(tempTree({ 'sub/secret.txt': 'outside' }));
  symlinkSync(outside, join(root, 'link'));
  symlinkSync(join(outside, 'sub'), join(root, 'real', 'sublink'));
  assert.match(code(() => dirFd(root, join(root, 'link', 'sub'))) ?? '', /^(ENOTDIR|ELOOP)$/);
  assert.match(code(() => dirFd(root, join(root, 'real', 'sublink'))) ?? '', /^(ENOTDIR|ELOOP)$/);
  // A folder opened before the swap stays the real one.
  const sub = dirFd(root, join(root, 'real', 'sub'));
  renameSync(join(root, 'real'), join(root, 'moved'));
  symlinkSync(outside, join(root, 'real'));
  assert.equal(readlinkSync(fdPath(dirFd(root, join(root, 'real', 'sub')))), join(root, 'moved', 'sub'));
  assert.equal(dirFd(root, join(root, 'real', 'sub')), sub);
  release(root);
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

test('the file-system root can be the scan root', { skip }, () => {
  assert.equal(readlinkSync(fdPath(dirFd('/', '/'))), '/');
  assert.equal(readlinkSync(fdPath(dirFd('/', realpathSync('/tmp')))), realpathSync('/tmp'));
  release('/');
  assert.equal(keptDescriptors(), 0);
});

test('no more than 128 folder descriptors are kept, however many folders are opened', { skip }, () => {
  const root = realpathSync(tempTree({}));
  for (let i = 0; i < 300; i++) mkdirSync(join(root, `d${i}`));
  for (let i = 0; i < 300; i++) dirFd(root, join(root, `d${i}`));
  assert.equal(keptDescriptors(), 128);
  // The most recently used are the ones kept.
  assert.equal(readlinkSync(fdPath(dirFd(root, join(root, 'd299')))), join(root, 'd299'));
  release(root);
  assert.equal(keptDescriptors(), 0);
  rmSync(root, { recursive: true, force: true });
});
