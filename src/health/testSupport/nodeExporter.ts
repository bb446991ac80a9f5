/**
 * Debian's node_exporter (`prometheus-node-exporter`) on a loopback port, with a few collectors,
 * as a real scrape target whose metrics no one here wrote. Not the systemd service.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { freePort } from './http.js';
import { waitFor } from './prometheus.js';

export interface RunningExporter {
  readonly url: string;
  /** host:port, for a scrape config. */
  readonly target: string;
  stop(): Promise<void>;
}

export const NODE_EXPORTER_MISSING =
  'prometheus-node-exporter is not installed: apt-get install -y prometheus-node-exporter (CI installs it)';

export async function startNodeExporter(
  collectors = ['cpu', 'loadavg', 'filesystem'],
): Promise<RunningExporter> {
  const bin = process.env.NODE_EXPORTER_BIN ?? '/usr/bin/prometheus-node-exporter';
  if (spawnSync(bin, ['--version']).status !== 0) throw new Error(NODE_EXPORTER_MISSING);
  const port = await freePort();
  const child: ChildProcess = spawn(
    bin,
    [
      `--web.listen-address=127.0.0.1:${port}`,
      '--collector.disable-defaults',
      ...collectors.map((c) => `--collector.${c}`),
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    await waitFor('node_exporter', 10_000, async () => {
      if (child.exitCode !== null) throw new Error(`node_exporter exited with ${child.exitCode}`);
      return fetch(`${url}/metrics`).then(
        (r) => r.ok,
        () => false,
      );
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, target: `127.0.0.1:${port}`, stop };
}
