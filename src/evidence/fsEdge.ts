/**
 * The only place where the evidence scanner touches the file system. Everything the walker and the
 * repository view do goes through `WalkerFs`, so tests can record or replace it.
 *
 * With `within` (the real path of the scan root), nothing below the root is reached through a
 * symlink, even when folders are swapped for symlinks while the scan runs:
 * - Linux: folders are opened from the root one name at a time (`anchored.ts`), directories are
 *   listed and files opened through those descriptors, so no symlink below the root is followed
 *   and nothing outside it is opened or listed.
 * - elsewhere (no `/proc/self/fd`: `checkedFs`): by path, each call checked afterwards (the real path
 *   is inside the root and names the same inode as the descriptor). A folder swapped for a symlink
 *   and back between a call and its check goes unseen, and an open may touch a file outside before
 *   it is refused (never read from, never waited on).
 * Files are opened with O_NOFOLLOW | O_NONBLOCK and read only when fstat says they are regular: a
 * symlink or a FIFO put in place of a listed file is never followed nor waited on.
 */
import {
  closeSync,
  constants,
  type Dirent,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import { readdir } from 'node:fs/promises';
import { sep } from 'node:path';
import { ANCHORED, dirFd, fdPath, release } from './anchored.js';

export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

export interface DirEntry {
  name: string;
  kind: EntryKind;
}

export type ReadOutcome =
  | { kind: 'ok'; bytes: Uint8Array; size: number }
  | { kind: 'too-large'; size: number }
  | { kind: 'not-file' }
  | { kind: 'outside'; real: string };

export interface WalkerFs {
  /**
   * Entries of a directory (absolute path). With `within`, the directory is reached from that root
   * without following any symlink. Throws on error, with the Node error code.
   */
  readdir(absDir: string, within?: string): Promise<DirEntry[]>;
  /** Kind and size of the entry at `abs` (a final symlink is not followed), reached as for `readdir`. */
  stat(abs: string, within?: string): Promise<{ kind: EntryKind; size: number }>;
  realpath(abs: string): Promise<string>;
  /**
   * Reads a regular file of at most `maxBytes`, without following a final symlink. When `within` is
   * given, a file that is not inside it, or is reached through a symlink, is not read (`outside`).
   * With `limit`, only the first `limit` bytes are read (`bytes` is then shorter than `size` when the
   * file is longer).
   */
  readFile(abs: string, maxBytes: number, within?: string, limit?: number): Promise<ReadOutcome>;
  /** Reads a small text file (ignore files); used for `.gitignore` and `.waymarkignore`. */
  readSmallText(abs: string, within?: string): Promise<string>;
  /** Closes what the edge keeps open for the scan of `root` (a few folder descriptors). */
  release?(root: string): void;
}

function kindOf(d: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  if (d.isFile()) return 'file';
  if (d.isDirectory()) return 'dir';
  if (d.isSymbolicLink()) return 'symlink';
  return 'other';
}

const FILE_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function inside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}

function fail(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

const sameInode = (a: Stats, b: Stats) => a.dev === b.dev && a.ino === b.ino;

function split(abs: string): { dir: string; name: string } {
  const cut = abs.lastIndexOf(sep);
  return { dir: cut <= 0 ? sep : abs.slice(0, cut), name: abs.slice(cut + 1) };
}

/** How an edge reaches entries below a root (`within`); the rest of the edge is shared. */
interface Reach {
  list(absDir: string, within: string): Dirent[] | Promise<Dirent[]>;
  lstat(abs: string, within: string): Stats;
  /** A descriptor of the file at `abs`, or why it is not opened. */
  open(abs: string, within: string): { fd: number } | ReadOutcome;
}

/** Why a listed file could not be opened: a folder on its way, or the file itself, became a symlink. */
function openFailure(err: unknown, abs: string, within: string): ReadOutcome {
  const code = (err as { code?: string }).code;
  if (code !== 'ENOTDIR' && code !== 'ELOOP') throw err;
  let real: string;
  try {
    real = realpathSync.native(abs);
  } catch {
    throw err;
  }
  if (inside(within, real)) throw err;
  return { kind: 'outside', real };
}

/** A path that names the entry `abs` inside its folder's descriptor, for a call made at once. */
function anchoredPath(within: string, abs: string): string {
  const { dir, name } = split(abs);
  return `${fdPath(dirFd(within, dir))}/${name}`;
}

/** Linux: through descriptors opened from the root (`anchored.ts`). */
const anchoredReach: Reach = {
  // Synchronous, like the reads: through /proc the thread-pool listing cost the walk ~40% more CPU.
  list: (absDir, within) => readdirSync(fdPath(dirFd(within, absDir)), { withFileTypes: true }),
  lstat: (abs, within) =>
    abs === within ? fstatSync(dirFd(within, abs)) : lstatSync(anchoredPath(within, abs)),
  open(abs, within) {
    try {
      return { fd: openSync(anchoredPath(within, abs), FILE_FLAGS) };
    } catch (err) {
      return openFailure(err, abs, within);
    }
  },
};

/** Elsewhere: by path, each result checked against the real path afterwards. */
const checkedReach: Reach = {
  async list(absDir, within) {
    const before = lstatSync(absDir);
    if (!before.isDirectory() || realpathSync.native(absDir) !== absDir || !inside(within, absDir))
      throw fail('ENOTDIR', `not a folder of the root: ${absDir}`);
    const entries = await readdir(absDir, { withFileTypes: true });
    if (!sameInode(before, lstatSync(absDir)) || realpathSync.native(absDir) !== absDir)
      throw fail('ENOTDIR', `folder changed while listed: ${absDir}`);
    return entries;
  },
  lstat(abs) {
    const s = lstatSync(abs);
    if (realpathSync.native(split(abs).dir) !== split(abs).dir)
      throw fail('ELOOP', `reached through a symlink: ${abs}`);
    return s;
  },
  open(abs, within) {
    const real = realpathSync.native(abs);
    if (!inside(within, real)) return { kind: 'outside', real };
    const fd = openSync(abs, FILE_FLAGS);
    // Nothing has been read yet: refuse when the descriptor is not the file at the real path.
    let same = false;
    try {
      same = realpathSync.native(abs) === real && sameInode(fstatSync(fd), statSync(real));
    } catch {}
    if (!same) {
      closeSync(fd);
      return { kind: 'outside', real };
    }
    return { fd };
  },
};

function openFile(reach: Reach, abs: string, within: string | undefined): { fd: number } | ReadOutcome {
  if (within === undefined) return { fd: openSync(abs, FILE_FLAGS) };
  if (!inside(within, abs)) return { kind: 'outside', real: abs };
  return reach.open(abs, within);
}

function edge(reach: Reach): WalkerFs {
  const fs: WalkerFs = {
    async readdir(absDir, within) {
      const entries =
        within === undefined
          ? await readdir(absDir, { withFileTypes: true })
          : await reach.list(absDir, within);
      const out: DirEntry[] = new Array(entries.length);
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i] as Dirent;
        out[i] = { name: e.name, kind: kindOf(e) };
      }
      return out;
    },
    async stat(abs, within) {
      if (within !== undefined && !inside(within, abs)) throw fail('EXDEV', `not inside the root: ${abs}`);
      const s = within === undefined ? lstatSync(abs) : reach.lstat(abs, within);
      return { kind: kindOf(s), size: s.size };
    },
    // Reads use synchronous calls: detectors read many small files, and for those the thread-pool hop
    // and the promise per call of fs/promises cost several times the system calls themselves.
    async realpath(abs) {
      return realpathSync.native(abs);
    },
    async readFile(abs, maxBytes, within, limit) {
      const opened = openFile(reach, abs, within);
      if (!('fd' in opened)) return opened;
      const { fd } = opened;
      try {
        const s = fstatSync(fd);
        if (!s.isFile()) return { kind: 'not-file' };
        if (s.size > maxBytes) return { kind: 'too-large', size: s.size };
        const want = limit !== undefined && limit < s.size ? limit : s.size;
        const bytes = new Uint8Array(want);
        let off = 0;
        while (off < bytes.length) {
          const n = readSync(fd, bytes, off, bytes.length - off, off);
          if (n === 0) break;
          off += n;
        }
        return { kind: 'ok', bytes: off === bytes.length ? bytes : bytes.subarray(0, off), size: s.size };
      } finally {
        closeSync(fd);
      }
    },
    async readSmallText(abs, within) {
      const r = await fs.readFile(abs, 1024 * 1024, within);
      if (r.kind !== 'ok') return '';
      return Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).toString('utf8');
    },
  };
  if (reach === anchoredReach) fs.release = release;
  return fs;
}

/** The portable edge: checks after each open (see above); what non-Linux systems use. */
export const checkedFs: WalkerFs = edge(checkedReach);
/** The edge the scanner uses: descriptor-anchored on Linux, checked elsewhere. */
export const nodeFs: WalkerFs = ANCHORED ? edge(anchoredReach) : checkedFs;
