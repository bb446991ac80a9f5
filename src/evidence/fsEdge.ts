/**
 * The only place where the evidence scanner touches the file system. Everything the walker and the
 * repository view do goes through `WalkerFs`, so tests can record or replace it.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
} from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { sep } from 'node:path';

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
  /** Entries of a directory (absolute path). Throws on error, with the Node error code. */
  readdir(absDir: string): Promise<DirEntry[]>;
  /** Kind and size of what `abs` points to (follows symlinks). */
  stat(abs: string): Promise<{ kind: EntryKind; size: number }>;
  realpath(abs: string): Promise<string>;
  /**
   * Reads a regular file of at most `maxBytes`, without following a final symlink. When `within` is
   * given, a file whose real path is not inside it is not read (`outside`). With `limit`, only the
   * first `limit` bytes are read (`bytes` is then shorter than `size` when the file is longer).
   */
  readFile(abs: string, maxBytes: number, within?: string, limit?: number): Promise<ReadOutcome>;
  /** Reads a small text file (ignore files); used for `.gitignore` and `.waymarkignore`. */
  readSmallText(abs: string): Promise<string>;
}

function kindOf(d: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  if (d.isFile()) return 'file';
  if (d.isDirectory()) return 'dir';
  if (d.isSymbolicLink()) return 'symlink';
  return 'other';
}

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** Linux tells which file a descriptor really refers to, which closes the gap between check and open. */
const PROC_FD = process.platform === 'linux' && existsSync('/proc/self/fd');

function inside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

export const nodeFs: WalkerFs = {
  async readdir(absDir) {
    const entries = await readdir(absDir, { withFileTypes: true });
    const out: DirEntry[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as (typeof entries)[number];
      out[i] = { name: e.name, kind: kindOf(e) };
    }
    return out;
  },
  async stat(abs) {
    const s = await stat(abs);
    return {
      kind: kindOf({
        isFile: () => s.isFile(),
        isDirectory: () => s.isDirectory(),
        isSymbolicLink: () => false,
      }),
      size: s.size,
    };
  },
  // Reads use synchronous calls: detectors read many small files, and for those the thread-pool hop
  // and the promise per call of fs/promises cost several times the system calls themselves.
  async realpath(abs) {
    return realpathSync.native(abs);
  },
  async readFile(abs, maxBytes, within, limit) {
    if (within !== undefined && !PROC_FD) {
      const real = realpathSync.native(abs);
      if (!inside(within, real)) return { kind: 'outside', real };
    }
    // O_NOFOLLOW: a symlink swapped in is not followed. O_NONBLOCK: a FIFO must not hang the scan.
    const fd = openSync(abs, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    try {
      if (within !== undefined && PROC_FD) {
        // Nothing has been read yet: refuse when a parent folder was swapped for a symlink.
        const real = readlinkSync(`/proc/self/fd/${fd}`);
        if (!inside(within, real)) return { kind: 'outside', real };
      }
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
  async readSmallText(abs) {
    const r = await nodeFs.readFile(abs, 1024 * 1024);
    if (r.kind !== 'ok') return '';
    return Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).toString('utf8');
  },
};
