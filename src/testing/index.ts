/** Helpers shared by the test files; never imported by shipped code. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from a compiled test anywhere under dist/src/. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = join(REPO_ROOT, 'bin', 'waymark.js');

export function tempDir(prefix = 'waymark-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `waymark` binary as a user would, with no terminal attached. */
export function runCli(
  args: readonly string[],
  opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export * from './truth.js';
