import { InputError } from '../diagnostics/index.js';
import type { BacklogClient } from './client.js';
import { type HttpOptions, request } from './http.js';
import { BACKLOG_LABEL, type DesiredItem, practiceOf, type WorkItem } from './workItem.js';

export interface JiraOptions {
  /** `https://your-site.atlassian.net`, or a Jira Data Center address. */
  readonly site: string;
  /** The project key, e.g. `SHOP`. */
  readonly project: string;
  readonly token: string;
  /** With an email, Basic auth as Jira Cloud wants; without, a Bearer personal access token. */
  readonly email?: string;
  readonly issueType?: string;
  readonly http?: Pick<HttpOptions, 'sleep' | 'maxWaitMs' | 'onRequest'>;
}

interface JiraIssue {
  key: string;
  fields: {
    summary?: string;
    description?: string | null;
    labels?: string[];
    status?: { statusCategory?: { key?: string } };
  };
}

interface Transition {
  id: string;
  to?: { statusCategory?: { key?: string } };
}

const PROJECT = /^[A-Z][A-Z0-9_]{0,49}$/;
const PAGE = 100;

/** Issues of one Jira project through REST API v2 (plain-text descriptions), paged with startAt. */
export function jiraClient(opts: JiraOptions): BacklogClient {
  if (!PROJECT.test(opts.project))
    throw new InputError(
      `--jira-project must be a project key such as SHOP, got ${JSON.stringify(opts.project.slice(0, 40))}`,
    );
  const auth = opts.email
    ? `Basic ${Buffer.from(`${opts.email}:${opts.token}`).toString('base64')}`
    : `Bearer ${opts.token}`;
  const http: HttpOptions = {
    service: 'Jira',
    baseUrl: opts.site,
    headers: { authorization: auth },
    ...opts.http,
  };
  const toItem = (issue: JiraIssue): WorkItem | undefined => {
    const practiceId = practiceOf(issue.fields.labels ?? [], issue.fields.description);
    if (!practiceId) return undefined;
    return {
      id: issue.key,
      practiceId,
      title: issue.fields.summary ?? '',
      body: issue.fields.description ?? '',
      open: issue.fields.status?.statusCategory?.key !== 'done',
      url: new URL(`browse/${issue.key}`, opts.site.endsWith('/') ? opts.site : `${opts.site}/`).href,
    };
  };
  const fields = (want: DesiredItem) => ({
    summary: want.title,
    description: want.body,
    labels: [...want.labels],
  });
  /** Moves an issue along the first transition into the wanted status category. */
  const transition = async (key: string, category: (c: string | undefined) => boolean) => {
    const res = await request(http, 'GET', `rest/api/2/issue/${key}/transitions`);
    const list = ((res.body as { transitions?: Transition[] })?.transitions ?? []).filter((t) =>
      category(t.to?.statusCategory?.key),
    );
    const t = list[0];
    if (!t)
      throw new InputError(
        `Jira offers no transition for ${key} that ${category('done') ? 'closes' : 'reopens'} it`,
      );
    await request(http, 'POST', `rest/api/2/issue/${key}/transitions`, { transition: { id: t.id } });
  };
  return {
    service: 'Jira',
    async list() {
      const jql = `project = "${opts.project}" AND labels = "${BACKLOG_LABEL}" ORDER BY key`;
      const found: WorkItem[] = [];
      for (let startAt = 0; ; ) {
        const q = new URLSearchParams({
          jql,
          startAt: String(startAt),
          maxResults: String(PAGE),
          fields: 'summary,description,labels,status',
        });
        const res = await request(http, 'GET', `rest/api/2/search?${q}`);
        const page = res.body as { issues?: JiraIssue[]; total?: number };
        const issues = page?.issues ?? [];
        for (const issue of issues) {
          const item = toItem(issue);
          if (item) found.push(item);
        }
        startAt += issues.length;
        if (issues.length === 0 || startAt >= (page.total ?? 0)) return found;
      }
    },
    async create(want) {
      const res = await request(http, 'POST', 'rest/api/2/issue', {
        fields: {
          project: { key: opts.project },
          issuetype: { name: opts.issueType ?? 'Task' },
          ...fields(want),
        },
      });
      return (res.body as { key?: string })?.key ?? '?';
    },
    async update(item, want) {
      await request(http, 'PUT', `rest/api/2/issue/${item.id}`, { fields: fields(want) });
      if (!item.open) await transition(item.id, (c) => c !== 'done');
    },
    async close(item) {
      await transition(item.id, (c) => c === 'done');
    },
  };
}
