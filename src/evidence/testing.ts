/** Helpers for the evidence tests (not part of the public face). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GitRunner } from './git.js';
import type { Detector, Finding } from './types.js';
import { createRepoView, FIXTURE_DIRS, walk } from './walker.js';

/** Repository root, from dist/src/evidence/testing.js. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'evidence');

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** Writes `files` (path → content) into a fresh temporary directory (removed at exit) and returns its path. */
export function tempTree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'waymark-evidence-'));
  made.push(root);
  for (const [p, content] of Object.entries(files)) {
    const abs = join(root, p);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

/** Runs one detector over a directory, as the scanner would. */
export async function runDetector(
  d: Detector,
  dir: string,
  git: GitRunner | false = false,
): Promise<Finding[]> {
  const root = await realpath(dir);
  const walked = await walk(root, { skipDirs: FIXTURE_DIRS });
  const repo = createRepoView(walked, { git });
  const found = (await d.detect(repo)).map((c) => ({ ...c, detector: d.meta.id }));
  for (const f of found) {
    for (const p of f.practices)
      if (!d.meta.practices.includes(p)) throw new Error(`${d.meta.id}: undeclared practice ${p}`);
    if (!f.summary || f.summary.includes('\n')) throw new Error(`${d.meta.id}: summary must be one line`);
  }
  return found;
}

/** Runs a detector over its positive and negative fixtures. */
export async function fixtureFindings(
  d: Detector,
  name: string = d.meta.id,
): Promise<{ positive: Finding[]; negative: Finding[] }> {
  return {
    positive: await runDetector(d, join(FIXTURES, name, 'positive')),
    negative: await runDetector(d, join(FIXTURES, name, 'negative')),
  };
}

/** The practices a set of findings claims as present. */
export function presentPractices(fs: readonly Finding[]): string[] {
  return [...new Set(fs.filter((f) => f.present).flatMap((f) => f.practices))].sort();
}
