/**
 * Push events from GitHub (`X-Hub-Signature-256`: HMAC SHA-256 of the body with the shared secret),
 * GitLab (`X-Gitlab-Token`: the shared secret itself) and Azure DevOps (a service hook with basic
 * authentication whose password is the shared secret), verified before anything is read.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export interface PushEvent {
  /** Every URL the event names the repository by (clone, SSH, web). */
  urls: string[];
  /** The branches pushed (Azure DevOps sends several in one event). */
  branches: string[];
}

export type WebhookProvider = 'github' | 'gitlab' | 'azure-devops';

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
  if (provider === 'azure-devops') {
    const m = /^Basic (\S+)$/i.exec(header('authorization') ?? '');
    if (!m?.[1]) return false;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 && sameText(decoded.slice(colon + 1), secret);
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

const AzurePush = z.looseObject({
  eventType: z.literal('git.push'),
  resource: z.looseObject({
    refUpdates: z.array(z.looseObject({ name: z.string() })),
    repository: z.looseObject({ remoteUrl: z.string().optional(), sshUrl: z.string().optional() }),
  }),
});

const branchOf = (ref: string) => /^refs\/heads\/(.+)$/.exec(ref)?.[1];

/** The repository and branches a push event is about; undefined when it pushed no branch. */
export function pushEvent(provider: WebhookProvider, payload: unknown): PushEvent | undefined {
  let refs: string[];
  let urls: (string | undefined)[];
  if (provider === 'github') {
    const parsed = GitHubPush.safeParse(payload);
    if (!parsed.success) return undefined;
    const r = parsed.data.repository;
    refs = [parsed.data.ref];
    urls = [r.clone_url, r.ssh_url, r.git_url, r.html_url];
  } else if (provider === 'gitlab') {
    const parsed = GitLabPush.safeParse(payload);
    if (!parsed.success) return undefined;
    const p = parsed.data.project;
    refs = [parsed.data.ref];
    urls = [p.git_http_url, p.git_ssh_url, p.web_url];
  } else {
    const parsed = AzurePush.safeParse(payload);
    if (!parsed.success) return undefined;
    const r = parsed.data.resource;
    refs = r.refUpdates.map((u) => u.name);
    urls = [r.repository.remoteUrl, r.repository.sshUrl];
  }
  const branches = refs.map(branchOf).filter((b): b is string => b !== undefined);
  if (branches.length === 0) return undefined;
  const all = new Set<string>();
  for (const u of urls) {
    if (!u) continue;
    all.add(u);
    // A repository registered with or without the `.git` ending matches either way.
    all.add(u.endsWith('.git') ? u.slice(0, -4) : `${u}.git`);
  }
  return { urls: [...all], branches };
}
