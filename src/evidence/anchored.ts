/**
 * Folders opened from the scan root one name at a time, each inside the descriptor of its parent and
 * never through a symlink. Node has no `openat()`; on Linux `/proc/self/fd/N/name` is the same thing:
 * the kernel starts from the directory descriptor N (not from a path that could have changed) and
 * looks up one name in it.
 *
 * What this guarantees: `root/a/b` is reached by opening `a` in the root's descriptor and `b` in a's,
 * each with O_DIRECTORY | O_NOFOLLOW. A folder swapped for a symlink, at any moment, makes that open
 * fail: no symlink below the root is ever followed, so no folder outside it is opened or listed, and
 * a file opened by name in such a descriptor (with O_NOFOLLOW) is an entry of a folder of the root.
 * Not covered: hard links (a hard link is the file itself, wherever else it is linked), and a folder
 * renamed out of the root after it was opened (what it holds was put there from inside the root).
 *
 * A few descriptors are kept between calls (most recently used first), so that reading many files of
 * one folder opens the folder once; `release` closes those of a root when its scan is over.
 */
import { closeSync, constants, existsSync, openSync, readlinkSync } from 'node:fs';
import { sep } from 'node:path';

/** `/proc/self/fd` works here (Linux). Elsewhere the edge falls back to checks after each open. */
export const ANCHORED = process.platform === 'linux' && existsSync('/proc/self/fd');

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
/** Descriptors kept open between calls. */
const KEEP = 128;

/** Absolute folder path → its descriptor; a Map keeps insertion order, which serves as recency. */
const open = new Map<string, number>();

/** The path that names descriptor `fd` itself. */
export const fdPath = (fd: number) => `/proc/self/fd/${fd}`;

function fail(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

function touch(key: string, fd: number): number {
  open.delete(key);
  open.set(key, fd);
  return fd;
}

/** Closes the least recently used descriptors past `KEEP` (the newest, in use, is never among them). */
function evict(): void {
  for (const [key, fd] of open) {
    if (open.size <= KEEP) return;
    open.delete(key);
    closeSync(fd);
  }
}

function openRoot(root: string): number {
  const fd = openSync(root, DIR_FLAGS);
  // The root is a real path (the caller resolved it); refuse it when it moved since.
  let real: string;
  try {
    real = readlinkSync(fdPath(fd));
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  if (real !== root) {
    closeSync(fd);
    throw fail('ELOOP', `${root} is now ${real}`);
  }
  open.set(root, fd);
  return fd;
}

/**
 * The descriptor of folder `absDir` (`root` or a real path inside it), opened from the root as
 * described above. Use it at once, synchronously: a later call may close it.
 * Throws ENOTDIR or ELOOP when a folder on the way is not a folder (a symlink, a file).
 */
export function dirFd(root: string, absDir: string): number {
  const base = root.endsWith(sep) ? root : root + sep;
  if (absDir !== root && !absDir.startsWith(base)) throw fail('EXDEV', `${absDir} is not inside ${root}`);
  const hit = open.get(absDir);
  if (hit !== undefined) return touch(absDir, hit);
  if (absDir === root) return openRoot(root);
  // Start from the deepest folder on the way that is already open.
  let cut = absDir.length;
  let parent: number | undefined;
  while (parent === undefined) {
    cut = absDir.lastIndexOf(sep, cut - 1);
    const key = cut === base.length - 1 ? root : absDir.slice(0, cut);
    parent = open.get(key);
    if (parent !== undefined) touch(key, parent);
    else if (key === root) break;
  }
  if (parent === undefined) {
    parent = openRoot(root);
    cut = base.length - 1;
  }
  for (let at = cut + 1; ; ) {
    const next = absDir.indexOf(sep, at);
    const end = next < 0 ? absDir.length : next;
    const name = absDir.slice(at, end);
    if (name === '' || name === '.' || name === '..')
      throw fail('EINVAL', `not a plain folder path: ${absDir}`);
    parent = openSync(`${fdPath(parent)}/${name}`, DIR_FLAGS);
    open.set(absDir.slice(0, end), parent);
    evict(); // a deep path opened from the root must not need as many descriptors as it has folders
    if (next < 0) break;
    at = next + 1;
  }
  return parent;
}

/** Closes the descriptors kept for folders of `root`. */
export function release(root: string): void {
  const base = root.endsWith(sep) ? root : root + sep;
  for (const [key, fd] of open) {
    if (key !== root && !key.startsWith(base)) continue;
    open.delete(key);
    closeSync(fd);
  }
}

/** Number of descriptors kept (tests). */
export function keptDescriptors(): number {
  return open.size;
}
