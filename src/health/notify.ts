/**
 * Where change notifications go. Behind an interface so the watch loop can be tested with a
 * recorder, and so a server can add its own channels.
 */
import { spawn } from 'node:child_process';
import type { HealthNotification } from './watch.js';

export interface NotifyResult {
  readonly notifier: string;
  readonly ok: boolean;
  readonly attempts: number;
  readonly detail: string;
}

export interface Notifier {
  readonly name: string;
  send(notification: HealthNotification): Promise<NotifyResult>;
}

export interface WebhookOptions {
  /** Attempts in all, the first included. */
  readonly attempts?: number;
  readonly timeoutMs?: number;
  /** Wait before the second attempt; doubles for each further one. */
  readonly backoffMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** POSTs the notification as JSON; retries on network errors, time-outs, 429 and 5xx, not on other 4xx. */
export function webhookNotifier(url: string, options: WebhookOptions = {}): Notifier {
  const attempts = options.attempts ?? 4;
  const timeoutMs = options.timeoutMs ?? 5000;
  const backoffMs = options.backoffMs ?? 500;
  const sleep = options.sleep ?? wait;
  const name = `webhook ${url}`;
  return {
    name,
    async send(notification) {
      let detail = '';
      for (let attempt = 1; attempt <= attempts; attempt++) {
        if (attempt > 1) await sleep(backoffMs * 2 ** (attempt - 2));
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'waymark-health' },
            body: JSON.stringify(notification),
            signal: AbortSignal.timeout(timeoutMs),
          });
          await res.arrayBuffer().catch(() => undefined);
          if (res.ok) return { notifier: name, ok: true, attempts: attempt, detail: `HTTP ${res.status}` };
          detail = `HTTP ${res.status}`;
          if (res.status < 500 && res.status !== 429)
            return { notifier: name, ok: false, attempts: attempt, detail };
        } catch (err) {
          const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
          detail =
            e.name === 'TimeoutError'
              ? `no answer within ${timeoutMs} ms`
              : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err));
        }
      }
      return { notifier: name, ok: false, attempts, detail };
    },
  };
}

/**
 * Runs a shell command per notification: the JSON on its standard input, the main facts in
 * WAYMARK_HEALTH_* variables so a one-liner needs no JSON parser.
 */
export function commandNotifier(command: string, options: { timeoutMs?: number } = {}): Notifier {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const name = `command ${command}`;
  return {
    name,
    send(notification) {
      return new Promise((resolve) => {
        const child = spawn(command, {
          shell: true,
          stdio: ['pipe', 'pipe', 'pipe'],
          timeout: timeoutMs,
          env: {
            ...process.env,
            WAYMARK_HEALTH_WORKLOAD: notification.workload,
            WAYMARK_HEALTH_STATE: notification.state,
            WAYMARK_HEALTH_PREVIOUS_STATE: notification.previousState ?? '',
            WAYMARK_HEALTH_REASON: notification.reason,
          },
        });
        let output = '';
        const keep = (d: Buffer) => {
          output = (output + d.toString()).slice(-2000);
        };
        child.stdout.on('data', keep);
        child.stderr.on('data', keep);
        // A command that does not read its input closes the pipe early; that is fine.
        child.stdin.on('error', () => undefined);
        child.stdin.end(JSON.stringify(notification));
        child.on('error', (err) => resolve({ notifier: name, ok: false, attempts: 1, detail: err.message }));
        child.on('close', (code, signal) => {
          const ok = code === 0;
          const why = signal ? `killed by ${signal}` : `exit ${code}`;
          resolve({
            notifier: name,
            ok,
            attempts: 1,
            detail: ok
              ? why
              : `${why}${output ? `: ${output.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
          });
        });
      });
    },
  };
}
