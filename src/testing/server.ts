import { type ChildProcess, spawn } from 'node:child_process';
import { BIN } from './index.js';

/** Starts the real `waymark serve` and resolves once it prints its URL. */
export function serve(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 15_000);
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/\S+?)\/? /.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr?.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
}

/** Resolves when the process has exited (at once if it already has). */
export function stopped(child: ChildProcess): Promise<unknown> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r)));
}
