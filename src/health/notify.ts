/**
 * Where change notifications go. Behind an interface so the watch loop can be tested with a
 * recorder, and so a server can add its own channels.
 */
import { spawn } from 'node:child_process';
import { redactText, redactUrl, urlSecrets } from './redact.js';
import type { HealthNotification } from './watch.js';

export interface NotifyResult {
  readonly notifier: string;
  readonly ok: boolean;
  /** This delivery's attempts so far, this one included. */
  readonly attempts: number;
  readonly detail: string;
  /** Worth trying again later (a network error, a time-out, 429, 5xx); false for other refusals. */
  readonly retry: boolean;
}

/** One attempt at one delivery: the id stays the same over retries and restarts, so receivers can deduplicate. */
export interface DeliveryAttempt {
  readonly id: string;
  readonly attempt: number;
  /** Aborted when the queue stops without draining; the delivery then stays queued. */
  readonly signal?: AbortSignal;
}

/** One attempt per call: retries, back-off and the outbox belong to the delivery queue. */
export interface Notifier {
  readonly name: string;
  send(notification: HealthNotification, delivery: DeliveryAttempt): Promise<NotifyResult>;
}

export interface WebhookOptions {
  /** Per attempt; a receiver slower than this is tried again later with the same delivery id. */
  readonly timeoutMs?: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * POSTs the notification as JSON with its delivery id in the body and in `X-Waymark-Delivery`.
 * Network errors, time-outs, 429 and 5xx are worth a retry; other 4xx are not.
 */
export function webhookNotifier(url: string, options: WebhookOptions = {}): Notifier {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const name = `webhook ${redactUrl(url)}`;
  return {
    name,
    async send(notification, delivery) {
      const result = (ok: boolean, retry: boolean, detail: string): NotifyResult => ({
        notifier: name,
        ok,
        attempts: delivery.attempt,
        detail,
        retry,
      });
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'waymark-health',
            'x-waymark-delivery': delivery.id,
            'x-waymark-attempt': String(delivery.attempt),
          },
          body: JSON.stringify({ ...notification, deliveryId: delivery.id }),
          signal: delivery.signal
            ? AbortSignal.any([AbortSignal.timeout(timeoutMs), delivery.signal])
            : AbortSignal.timeout(timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        const detail = `HTTP ${res.status}`;
        if (res.ok) return result(true, false, detail);
        return result(false, res.status >= 500 || res.status === 429, detail);
      } catch (err) {
        const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
        const detail =
          e.name === 'TimeoutError'
            ? `no answer within ${timeoutMs} ms`
            : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err));
        return result(false, true, redactText(detail, urlSecrets(url)));
      }
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
    send(notification, delivery) {
      return new Promise((resolve) => {
        const child = spawn(command, {
          shell: true,
          stdio: ['pipe', 'pipe', 'pipe'],
          timeout: timeoutMs,
          ...(delivery.signal ? { signal: delivery.signal } : {}),
          env: {
            ...process.env,
            WAYMARK_HEALTH_WORKLOAD: notification.workload,
            WAYMARK_HEALTH_STATE: notification.state,
            WAYMARK_HEALTH_PREVIOUS_STATE: notification.previousState ?? '',
            WAYMARK_HEALTH_REASON: notification.reason,
            WAYMARK_HEALTH_DELIVERY_ID: delivery.id,
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
        child.stdin.end(JSON.stringify({ ...notification, deliveryId: delivery.id }));
        child.on('error', (err) =>
          resolve({
            notifier: name,
            ok: false,
            attempts: delivery.attempt,
            detail: err.message,
            retry: true,
          }),
        );
        child.on('close', (code, signal) => {
          const ok = code === 0;
          const why = signal ? `killed by ${signal}` : `exit ${code}`;
          resolve({
            notifier: name,
            ok,
            retry: !ok,
            attempts: delivery.attempt,
            detail: ok
              ? why
              : `${why}${output ? `: ${output.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
          });
        });
      });
    },
  };
}
