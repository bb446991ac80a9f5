import { type RunResult, runCli } from '../../testing/index.js';

/** Runs the real `waymark health …` as a separate process, without colour. */
export function runHealthCli(args: readonly string[], cwd?: string): Promise<RunResult> {
  return runCli(['health', ...args], { ...(cwd ? { cwd } : {}), env: { NO_COLOR: '1' } });
}
