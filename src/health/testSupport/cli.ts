import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, type RunResult, runCli } from '../../testing/index.js';

/** Runs the real `waymark health …` as a separate process, without colour. */
export function runHealthCli(
  args: readonly string[],
  cwd?: string,
  env: NodeJS.ProcessEnv = {},
): Promise<RunResult> {
  return runCli(['health', ...args], { ...(cwd ? { cwd } : {}), env: { NO_COLOR: '1', ...env } });
}

/** Starts `waymark health …` and leaves it running, for tests that signal or kill it. */
export function spawnHealthCli(
  args: readonly string[],
  cwd: string,
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [BIN, 'health', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  return Object.assign(child, { output: () => output });
}
