/** A shallow copy of one branch of a repository, in a folder of the worker's cache. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitCredentials } from './credentials.js';
import { redact } from './redact.js';

export interface FetchedTree {
  dir: string;
  /** Removes the copy (off the event loop: on some disks each unlink waits on the device). */
  dispose(): Promise<void>;
}

/** `git clone --depth 1 --branch <branch>` into a new folder under `cacheDir`. */
export async function shallowFetch(
  url: string,
  branch: string,
  cacheDir: string,
  credentials: GitCredentials,
  signal?: AbortSignal,
): Promise<FetchedTree> {
  mkdirSync(cacheDir, { recursive: true });
  const dir = mkdtempSync(join(cacheDir, 'scan-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...credentials.env,
    // Never wait for a password on a terminal nobody watches.
    GIT_TERMINAL_PROMPT: '0',
  };
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        'git',
        [
          'clone',
          '--quiet',
          // No template: a copy scanned once needs no sample hooks (a third of its files), so
          // fewer files are written and removed per job.
          '--template=',
          '--depth',
          '1',
          '--single-branch',
          '--branch',
          branch,
          '--',
          url,
          join(dir, 'tree'),
        ],
        { env, signal, maxBuffer: 1024 * 1024 },
        (err, _stdout, stderr) => {
          if (!err) return resolve();
          const why = String(stderr).trim() || err.message;
          reject(new Error(redact(`git clone failed: ${why}`, credentials.secrets)));
        },
      );
    });
  } catch (err) {
    await dispose();
    throw err;
  }
  return { dir: join(dir, 'tree'), dispose };
}
