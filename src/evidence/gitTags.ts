/**
 * Whether a work tree's repository may hold tags, read from `.git` instead of asking git: a scan of
 * a repository without tags (every fresh shallow copy a scan job makes) then starts one git process
 * less. Only a plain `.git` folder with the files backend is read; anything else (a `.git` file
 * naming a repository elsewhere, the reftable backend, an unreadable entry) answers "maybe", and
 * git is asked as before. Reads stay inside the root and follow no symlink (`fsEdge.ts`).
 */
import { sep } from 'node:path';
import type { WalkerFs } from './fsEdge.js';
import { errCode } from './listing.js';

export async function mayHaveTags(fs: WalkerFs, root: string): Promise<boolean> {
  const git = `${root}${sep}.git`;
  try {
    if ((await fs.stat(git, root)).kind !== 'dir') return true;
    if (await exists(fs, `${git}${sep}reftable`, root)) return true;
    const loose = await fs.readdir(`${git}${sep}refs${sep}tags`, root).catch((err: unknown) => {
      if (errCode(err) === 'ENOENT') return [];
      throw err;
    });
    if (loose.length > 0) return true;
    const packed = await fs.readSmallText(`${git}${sep}packed-refs`, root).catch((err: unknown) => {
      if (errCode(err) === 'ENOENT') return '';
      throw err;
    });
    return packed.includes(' refs/tags/');
  } catch {
    return true;
  }
}

async function exists(fs: WalkerFs, abs: string, root: string): Promise<boolean> {
  try {
    await fs.stat(abs, root);
    return true;
  } catch (err) {
    if (errCode(err) === 'ENOENT') return false;
    throw err;
  }
}
