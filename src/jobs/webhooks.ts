/**
 * Push events from GitHub (`X-Hub-Signature-256`: HMAC SHA-256 of the body with the shared secret)
 * and GitLab (`X-Gitlab-Token`: the shared secret itself), verified before anything is read.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export interface PushEvent {
  /** Every URL the event names the repository by (clone, SSH, web). */
  urls: string[];
  branch: string;
}

export type WebhookProvider = 'github' | 'gitlab';

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when the request carries the provider's proof of the shared secret. */
export function verifyWebhook(
  provider: WebhookProvider,
  secret: string,
  body: Buffer,
  headers: Record<string, string | string[] | undefined>,
): boolean {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  if (provider === 'github') {
    const given = header('x-hub-signature-256');
    if (!given) return false;
    const expected = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    return sameText(given, expected);
  }
  const token = header('x-gitlab-token');
  return token !== undefined && sameText(token, secret);
}

const GitHubPush = z.looseObject({
  ref: z.string(),
  repository: z.looseObject({
    clone_url: z.string().optional(),
    ssh_url: z.string().optional(),
    git_url: z.string().optional(),
    html_url: z.string().optional(),
  }),
});
const GitLabPush = z.looseObject({
  ref: z.string(),
  project: z.looseObject({
    git_http_url: z.string().optional(),
    git_ssh_url: z.string().optional(),
    web_url: z.string().optional(),
  }),
});

/** The repository and branch a push event is about; undefined when it is not a branch push. */
export function pushEvent(provider: WebhookProvider, payload: unknown): PushEvent | undefined {
  let ref: string;
  let urls: (string | undefined)[];
  if (provider === 'github') {
    const parsed = GitHubPush.safeParse(payload);
    if (!parsed.success) return undefined;
    const r = parsed.data.repository;
    ref = parsed.data.ref;
    urls = [r.clone_url, r.ssh_url, r.git_url, r.html_url];
  } else {
    const parsed = GitLabPush.safeParse(payload);
    if (!parsed.success) return undefined;
    const p = parsed.data.project;
    ref = parsed.data.ref;
    urls = [p.git_http_url, p.git_ssh_url, p.web_url];
  }
  const m = /^refs\/heads\/(.+)$/.exec(ref);
  if (!m?.[1]) return undefined;
  const all = new Set<string>();
  for (const u of urls) {
    if (!u) continue;
    all.add(u);
    // A repository registered with or without the `.git` ending matches either way.
    all.add(u.endsWith('.git') ? u.slice(0, -4) : `${u}.git`);
  }
  return { urls: [...all], branch: m[1] };
}
