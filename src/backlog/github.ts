import { InputError } from '../diagnostics/index.js';
import type { BacklogClient } from './client.js';
import { type HttpOptions, request } from './http.js';
import { BACKLOG_LABEL, type DesiredItem, practiceOf, type WorkItem } from './workItem.js';

export const GITHUB_API = 'https://api.github.com';

export interface GitHubOptions {
  /** `owner/name`. */
  readonly repo: string;
  readonly token: string;
  readonly baseUrl?: string;
  readonly http?: Pick<HttpOptions, 'sleep' | 'maxWaitMs' | 'onRequest'>;
}

interface GitHubIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  html_url?: string;
  labels?: (string | { name?: string })[];
  pull_request?: unknown;
}

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Issues of one GitHub repository, through the REST API (issues, labels filter, Link pagination). */
export function githubClient(opts: GitHubOptions): BacklogClient {
  if (!REPO.test(opts.repo))
    throw new InputError(`--repo must be owner/name, got ${JSON.stringify(opts.repo.slice(0, 80))}`);
  const http: HttpOptions = {
    service: 'GitHub',
    baseUrl: opts.baseUrl ?? GITHUB_API,
    headers: {
      authorization: `Bearer ${opts.token}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'waymark',
    },
    ...opts.http,
  };
  const issues = `repos/${opts.repo}/issues`;
  const toItem = (issue: GitHubIssue): WorkItem | undefined => {
    const labels = (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? '')));
    const practiceId = practiceOf(labels, issue.body);
    if (!practiceId || issue.pull_request) return undefined;
    return {
      id: String(issue.number),
      practiceId,
      title: issue.title,
      body: issue.body ?? '',
      open: issue.state === 'open',
      url: issue.html_url,
    };
  };
  return {
    service: 'GitHub',
    async list() {
      const found: WorkItem[] = [];
      let next: string | undefined = `${issues}?labels=${BACKLOG_LABEL}&state=all&per_page=100`;
      for (let page = 0; next && page < 100; page++) {
        const res = await request(http, 'GET', next);
        if (!Array.isArray(res.body))
          throw new InputError(`GitHub answered ${next} with something other than a list`);
        for (const issue of res.body as GitHubIssue[]) {
          const item = toItem(issue);
          if (item) found.push(item);
        }
        next = nextLink(res.headers.get('link'));
        // The token goes only where it was meant to: a next page on another host is not followed.
        if (next && new URL(next, http.baseUrl).origin !== new URL(http.baseUrl).origin) next = undefined;
      }
      return found;
    },
    async create(want: DesiredItem) {
      const res = await request(http, 'POST', issues, {
        title: want.title,
        body: want.body,
        labels: want.labels,
      });
      const item = toItem(res.body as GitHubIssue);
      return item?.id ?? '?';
    },
    async update(item: WorkItem, want: DesiredItem) {
      await request(http, 'PATCH', `${issues}/${item.id}`, {
        title: want.title,
        body: want.body,
        labels: want.labels,
        state: 'open',
      });
    },
    async close(item: WorkItem) {
      await request(http, 'PATCH', `${issues}/${item.id}`, { state: 'closed', state_reason: 'completed' });
    },
  };
}

/** The `rel="next"` URL of a Link header (RFC 8288), as GitHub sends it. */
export function nextLink(link: string | null): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m?.[1]) return m[1];
  }
  return undefined;
}
