/** Fetches a registered repository and runs the scanner `waymark scan` runs over it. */
import { resolve, sep } from 'node:path';
import { z } from 'zod';
import { Suggestion } from '../answers/index.js';
import { scanRepository } from '../evidence/index.js';
import { gitCredentials } from './credentials.js';
import { shallowFetch } from './gitFetch.js';
import { redact } from './redact.js';

export interface ScanSource {
  url: string;
  branch: string;
  subPath: string | null;
}

/** What a scan job stores: the same body `waymark scan --push` sends. */
export const ScanPayload = z.object({
  root: z.string(),
  scannedAt: z.string(),
  suggestions: z.array(Suggestion),
});
export type ScanPayload = z.infer<typeof ScanPayload>;

export async function scanSource(
  source: ScanSource,
  cacheDir: string,
  signal?: AbortSignal,
): Promise<ScanPayload> {
  const credentials = gitCredentials();
  const tree = await shallowFetch(source.url, source.branch, cacheDir, credentials, signal);
  try {
    const root = source.subPath ? resolve(tree.dir, source.subPath) : tree.dir;
    if (root !== tree.dir && !root.startsWith(tree.dir + sep))
      throw new Error(`the sub-path "${source.subPath}" leaves the repository`);
    const result = await scanRepository(root);
    return {
      root: `${redact(source.url, credentials.secrets)}#${source.branch}${source.subPath ? `:${source.subPath}` : ''}`,
      scannedAt: new Date().toISOString(),
      suggestions: result.suggestions,
    };
  } catch (err) {
    throw new Error(redact(err instanceof Error ? err.message : String(err), credentials.secrets));
  } finally {
    // Not waited for: the worker stores the scan and takes its next job while the copy goes
    // (on this project's machines a removal waits ~70 ms on the disk); a failed removal leaves
    // a folder in the cache, never a wrong scan.
    tree.dispose().catch(() => {});
  }
}

/** An error as a job shows it: one redacted line of at most 1,000 characters. */
export function jobError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = redact(message, gitCredentials().secrets).replace(/\s+/g, ' ').trim();
  return line.length > 1000 ? `${line.slice(0, 1000)}…` : line;
}
