/**
 * The one way Waymark writes a file a user named (a report, an assessment, a baseline, a backup):
 * the content goes to a temporary file beside the target and is renamed over it, so a reader never
 * sees half a file and a failure leaves the old one as it was. A missing folder or a target that is
 * a folder is the user's mistake and becomes an InputError; the temporary file never outlives a
 * failed write.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { InputError } from '../diagnostics/index.js';

export interface WriteOptions {
  /** How the file is named in messages (the path as the user typed it). Default: `file`. */
  readonly display?: string;
  /** Flush to disk before the rename, for files whose loss would cost work (assessments, baselines). */
  readonly durable?: boolean;
}

export function writeFileAtomic(file: string, content: string | Uint8Array, opts: WriteOptions = {}): void {
  const display = opts.display ?? file;
  const target = followLink(resolve(file));
  const dir = dirname(target);
  const kind = checkTarget(target, dir, display);
  if (kind === 'special') {
    // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO): there is no file to replace,
    // and renaming over it would replace the device itself with a plain file.
    try {
      writeFileSync(target, content);
    } catch (err) {
      throw writeError(err, display);
    }
    return;
  }
  // Beside the target (same file system, so the rename is atomic), never in the parent of a folder.
  const tmp = resolve(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    if (opts.durable) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (err) {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(tmp);
    throw writeError(err, display);
  }
}

/** A link named as the target is kept: the file it points to is the one replaced. */
function followLink(target: string): string {
  try {
    return lstatSync(target).isSymbolicLink() ? realpathSync(target) : target;
  } catch {
    return target; // absent, or a dangling link: written as named
  }
}

function checkTarget(target: string, dir: string, display: string): 'file' | 'special' {
  let dirStat: ReturnType<typeof statSync> | undefined;
  try {
    dirStat = statSync(dir);
  } catch {
    dirStat = undefined;
  }
  if (!dirStat?.isDirectory())
    throw new InputError(
      `cannot write the file: its folder ${dirname(display) || '.'} does not exist`,
      { file: display },
      'create the folder first, or name a file in a folder that exists',
    );
  const existing = statSync(target, { throwIfNoEntry: false });
  if (existing?.isDirectory())
    throw new InputError(
      'cannot write the file: it is a folder',
      { file: display },
      'name a file, not a folder',
    );
  return existing && !existing.isFile() ? 'special' : 'file';
}

const USER_CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'part of the path is not a folder',
  ENOENT: 'its folder does not exist',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'the name is too long',
};

function writeError(err: unknown, display: string): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const cause = code ? USER_CAUSES[code] : undefined;
  if (cause) return new InputError(`cannot write the file: ${cause}`, { file: display });
  return err instanceof Error ? err : new Error(String(err));
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed; nothing to undo
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // never created, or already gone
  }
}
