/** Files and text as the health readers receive them, before any format-specific parsing. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InputError } from '../diagnostics/index.js';

/** Drops a leading UTF-8 byte-order mark, which Windows editors write and no format here means. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const CAUSES: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'part of the path is not a folder',
  ENAMETOOLONG: 'the name is too long',
};

function readError(err: unknown, file: string, what: string): InputError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  return new InputError(`cannot read the ${what}: ${CAUSES[code] ?? (code || 'read failed')}`, { file });
}

/** A file the user named, as text without a BOM; a missing or unreadable one is their mistake. */
export function readTextFile(file: string, what: string): string {
  try {
    return withoutBom(readFileSync(file, 'utf8'));
  } catch (err) {
    throw readError(err, file, what);
  }
}

export async function readTextFileAsync(file: string, what: string): Promise<string> {
  try {
    return withoutBom(await readFile(file, 'utf8'));
  } catch (err) {
    throw readError(err, file, what);
  }
}
