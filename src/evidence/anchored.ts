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

interface Entry {
  fd: number;
  /** Users that await something while holding the descriptor: it is not closed until they are done. */
  pins: number;
  /** Released while pinned: closed when the last pin goes. */
  doomed: boolean;
}

/** Absolute folder path → its descriptor; a Map keeps insertion order, which serves as recency. */
const open = new Map<string, Entry>();

/** The path that names descriptor `fd` itself. */
export const fdPath = (fd: number) => `/proc/self/fd/${fd}`;

function fail(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

function touch(key: string, e: Entry): Entry {
  open.delete(key);
  open.set(key, e);
  return e;
}

function evict(): void {
  if (open.size <= KEEP) return;
  for (const [key, e] of open) {
    if (open.size <= KEEP) return;
    if (e.pins > 0) continue;
    open.delete(key);
    closeSync(e.fd);
  }
}

function add(key: string, fd: number): Entry {
  const e: Entry = { fd, pins: 0, doomed: false };
  open.set(key, e);
  return e;
}

function openRoot(root: string): Entry {
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
  return add(root, fd);
}

/**
 * The descriptor of folder `absDir` (`root` or a real path inside it), opened from the root as
 * described above. Use it at once (synchronously), or `pin` it across an `await`.
 * Throws ENOTDIR or ELOOP when a folder on the way is not a folder (a symlink, a file).
 */
export function dirFd(root: string, absDir: string): number {
  return resolve(root, absDir).fd;
}

function resolve(root: string, absDir: string): Entry {
  const hit = open.get(absDir);
  if (hit) return touch(absDir, hit);
  if (absDir === root) return openRoot(root);
  const base = root.endsWith(sep) ? root : root + sep;
  if (absDir !== root && !absDir.startsWith(base)) throw fail('EXDEV', `${absDir} is not inside ${root}`);
  // The deepest folder on the way that is already open.
  let cut = absDir.length;
  let from: Entry | undefined;
  while (!from) {
    cut = absDir.lastIndexOf(sep, cut - 1);
    if (cut < base.length - 1) break;
    const key = cut === base.length - 1 ? root : absDir.slice(0, cut);
    from = open.get(key);
    if (from) touch(key, from);
  }
  if (!from) {
    from = open.get(root) ?? openRoot(root);
    cut = base.length - 1;
  }
  let parent = from;
  let at = cut + 1;
  for (;;) {
    const next = absDir.indexOf(sep, at);
    const end = next < 0 ? absDir.length : next;
    const name = absDir.slice(at, end);
    if (name === '' || name === '.' || name === '..')
      throw fail('EINVAL', `not a plain folder path: ${absDir}`);
    parent.pins++;
    let fd: number;
    try {
      fd = openSync(`${fdPath(parent.fd)}/${name}`, DIR_FLAGS);
    } finally {
      unpin(parent);
    }
    parent = add(absDir.slice(0, end), fd);
    if (next < 0) break;
    at = next + 1;
  }
  parent.pins++;
  evict();
  unpin(parent);
  return parent;
}

function unpin(e: Entry): void {
  e.pins--;
  if (e.pins === 0 && e.doomed) closeSync(e.fd);
}

/** Like `dirFd`, for use across an `await`: the descriptor stays open until `done` is called. */
export function pinDir(root: string, absDir: string): { fd: number; done: () => void } {
  const e = resolve(root, absDir);
  e.pins++;
  let once = false;
  return {
    fd: e.fd,
    done: () => {
      if (once) return;
      once = true;
      unpin(e);
      evict();
    },
  };
}

/** Closes the descriptors kept for folders of `root` (those in use close when their user is done). */
export function release(root: string): void {
  const base = root.endsWith(sep) ? root : root + sep;
  for (const [key, e] of open) {
    if (key !== root && !key.startsWith(base)) continue;
    open.delete(key);
    if (e.pins > 0) e.doomed = true;
    else closeSync(e.fd);
  }
}

/** Number of descriptors kept (tests). */
export function keptDescriptors(): number {
  return open.size;
}
