/**
 * Evidence scanner: finds proof of practices in a workload's repository.
 * Public face of `src/evidence`: `scanRepository`, the detector list and the types.
 */
import { lstat, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError } from '../diagnostics/index.js';
import { DETECTORS } from './detectors/index.js';
import type { WalkerFs } from './fsEdge.js';
import { type GitRunner, spawnGit, spawnGitListing } from './git.js';
import { gitListing } from './gitListing.js';
import { type DetectorGroup, GROUPS, groupAbsences } from './groups.js';
import { suggest } from './suggest.js';
import type { Claim, Detector, Finding, RepoView, ScanResult } from './types.js';
import { createRepoView, DEFAULT_MAX_FILE_BYTES, FIXTURE_DIRS, walk } from './walker.js';

export { DETECTORS } from './detectors/index.js';
export type { WalkerFs } from './fsEdge.js';
export { nodeFs } from './fsEdge.js';
export { gitListing } from './gitListing.js';
export type { DetectorGroup } from './groups.js';
export { GROUPS } from './groups.js';
export { suggest } from './suggest.js';
export type * from './types.js';
export { createRepoView, FIXTURE_DIRS, walk } from './walker.js';

export type ScanPhase = 'walk' | 'detect';

export interface ScanOptions {
  /** Detectors to run (default: all). */
  detectors?: readonly Detector[];
  groups?: readonly DetectorGroup[];
  /** File-system edge (tests swap it). */
  fs?: WalkerFs;
  /** `false` turns git history off; a function replaces the `git` process (tests). */
  git?: GitRunner | false;
  /**
   * Lists a git work tree with `git ls-files` (see `gitListing.ts`); `false` always walks, a function
   * replaces the `git` process (tests). The walker is used whenever git cannot list the root.
   */
  gitListing?: GitRunner | false;
  maxFileBytes?: number;
  concurrency?: number;
  /** Also scan test fixtures and examples (left out by default: they are copies, not the workload's own). */
  includeFixtures?: boolean;
  /** Called now and then so a terminal can show progress. */
  onProgress?: (phase: ScanPhase, done: number, total: number) => void;
}

async function checkRoot(input: string): Promise<string> {
  const abs = resolve(input);
  let st: Awaited<ReturnType<typeof lstat>>;
  try {
    st = await lstat(abs);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError(`no such directory: ${input}`);
    throw new InputError(`cannot read ${input}: ${(err as Error).message}`);
  }
  if (st.isSymbolicLink()) {
    let target = '(unresolvable)';
    try {
      target = await realpath(abs);
    } catch {}
    throw new InputError(
      `${input} is a symbolic link (to ${target}); waymark scans only real directories`,
      {},
      'pass the target directory itself if you mean to scan it',
    );
  }
  if (!st.isDirectory()) {
    throw new InputError(`${input} is a file, not a directory`, {}, "pass the repository's root directory");
  }
  return realpath(abs);
}

/** Lists the repository and runs every detector; throws `InputError` for bad input. */
export async function scanRepository(path: string, options: ScanOptions = {}): Promise<ScanResult> {
  const root = await checkRoot(path);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const t0 = performance.now();
  options.onProgress?.('walk', 0, 0);
  const walkOpts: Parameters<typeof walk>[1] = { maxFileBytes };
  if (options.includeFixtures !== true) walkOpts.skipDirs = FIXTURE_DIRS;
  if (options.fs) walkOpts.fs = options.fs;
  if (options.concurrency) walkOpts.concurrency = options.concurrency;
  const lister = options.gitListing === undefined ? spawnGitListing : options.gitListing;
  const walked =
    (lister === false ? undefined : await gitListing(root, { ...walkOpts, git: lister })) ??
    (await walk(root, walkOpts));
  const walkMs = performance.now() - t0;
  const repo = createRepoView(walked, {
    ...(options.fs ? { fs: options.fs } : {}),
    maxFileBytes,
    git: options.git === undefined ? spawnGit : options.git,
    probeTags: options.git === undefined,
  });
  try {
    return await detect(path, repo, walked, options, walkMs);
  } finally {
    repo.release();
  }
}

/** Runs the detectors over the listed repository (the caller closes the view afterwards). */
async function detect(
  path: string,
  repo: ReturnType<typeof createRepoView>,
  walked: Awaited<ReturnType<typeof walk>>,
  options: ScanOptions,
  walkMs: number,
): Promise<ScanResult> {
  // Git history comes from child processes: started now, it runs while the checks and the
  // detectors' first passes run here (the view memoises it, so the detectors share this one).
  repo.gitHistory().catch(() => undefined);
  await assertSomethingToScan(path, walked.files.length, repo, walked.skips.total(), walked.directories);

  const detectors = options.detectors ?? DETECTORS;
  const findings: Finding[] = [];
  const errors: ScanResult['errors'] = [];
  const t1 = performance.now();
  let done = 0;
  options.onProgress?.('detect', 0, detectors.length);
  await Promise.all(
    detectors.map(async (d) => {
      try {
        const found = await d.detect(repo);
        for (const f of found) findings.push(checkFinding(d, f));
      } catch (err) {
        errors.push({ detector: d.meta.id, message: err instanceof Error ? err.message : String(err) });
      }
      options.onProgress?.('detect', ++done, detectors.length);
    }),
  );
  const groupOf = new Map(detectors.map((d) => [d.meta.id, d.meta.group]));
  const activeGroups = (options.groups ?? GROUPS).filter((g) => detectors.some((d) => d.meta.group === g.id));
  findings.push(...groupAbsences(findings, groupOf, activeGroups));
  findings.sort((a, b) => a.detector.localeCompare(b.detector) || a.summary.localeCompare(b.summary));
  errors.sort((a, b) => a.detector.localeCompare(b.detector));
  return {
    root: walked.root,
    findings,
    suggestions: suggest(findings),
    errors,
    stats: {
      files: walked.files.length,
      directories: walked.directories,
      filesRead: repo.readStats.filesRead,
      bytesRead: repo.readStats.bytesRead,
      walkMs,
      detectMs: performance.now() - t1,
      skipped: walked.skips.counts,
    },
  };
}

function checkFinding(d: Detector, f: Claim): Finding {
  const unknown = f.practices.filter((p) => !d.meta.practices.includes(p));
  if (unknown.length)
    throw new Error(`detector ${d.meta.id} reported practices it does not declare: ${unknown.join(', ')}`);
  return { ...f, detector: d.meta.id };
}

/** Text-like extensions tried first when checking that a repository holds anything readable. */
const TEXTY = /\.(md|txt|ya?ml|json|ts|js|py|go|cs|java|tf|bicep|sh|toml|xml|html?)$/i;

async function assertSomethingToScan(
  input: string,
  listed: number,
  repo: RepoView,
  skipped: number,
  dirs: number,
): Promise<void> {
  if (listed === 0) {
    if (skipped === 0 && dirs <= 1) throw new InputError(`nothing to scan: ${input} is an empty directory`);
    throw new InputError(
      `nothing to scan: every entry under ${input} was skipped (${skipped} skipped)`,
      {},
      'run with --verbose to see why (ignored, vendored, binary, too large, unreadable)',
    );
  }
  // Prove that at least one file is readable text. Likely-text files go first; after a bounded
  // number of attempts the scan goes ahead rather than read a whole large repository twice.
  const LIMIT = 200;
  const order: string[] = [];
  for (const f of repo.files) if (TEXTY.test(f.name) && order.push(f.path) >= LIMIT) break;
  for (const f of repo.files) if (order.length < LIMIT && !TEXTY.test(f.name)) order.push(f.path);
  for (const p of order) if ((await repo.read(p)) !== undefined) return;
  if (order.length === listed) {
    throw new InputError(
      `nothing to scan: none of the ${listed} file(s) under ${input} is readable text (binary, too large or unreadable)`,
      {},
      'run with --verbose to see which files were skipped',
    );
  }
}
