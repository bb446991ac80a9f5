import { InputError } from '../diagnostics/index.js';
import type { BacklogClient } from './client.js';
import { type HttpOptions, request } from './http.js';
import { BACKLOG_LABEL, type DesiredItem, practiceOf, type WorkItem } from './workItem.js';

export const AZURE_DEVOPS = 'https://dev.azure.com';
const API = 'api-version=7.1';
/** workitemsbatch takes at most 200 ids a request. */
const BATCH = 200;

export interface AzureBoardsOptions {
  readonly org: string;
  readonly project: string;
  readonly token: string;
  readonly baseUrl?: string;
  readonly workItemType?: string;
  /** The state a done item moves to: `Done` in the Basic and Scrum processes, `Closed` in Agile and CMMI. */
  readonly closedState?: string;
  readonly openState?: string;
  readonly http?: Pick<HttpOptions, 'sleep' | 'maxWaitMs' | 'onRequest'>;
}

interface AzureWorkItem {
  id: number;
  fields: Record<string, string | undefined>;
  _links?: { html?: { href?: string } };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
const FIELDS = ['System.Id', 'System.Title', 'System.Description', 'System.Tags', 'System.State'];

/** Work items of one Azure DevOps project: WIQL by tag, batch reads, JSON Patch writes. */
export function azureBoardsClient(opts: AzureBoardsOptions): BacklogClient {
  for (const [flag, value] of [
    ['--org', opts.org],
    ['--project', opts.project],
  ] as const)
    if (!NAME.test(value))
      throw new InputError(`${flag} must be an Azure DevOps name, got ${JSON.stringify(value.slice(0, 64))}`);
  const http: HttpOptions = {
    service: 'Azure Boards',
    baseUrl: opts.baseUrl ?? AZURE_DEVOPS,
    headers: { authorization: `Basic ${Buffer.from(`:${opts.token}`).toString('base64')}` },
    ...opts.http,
  };
  const org = encodeURIComponent(opts.org);
  const project = `${org}/${encodeURIComponent(opts.project)}`;
  const closed = opts.closedState ?? 'Done';
  const toItem = (w: AzureWorkItem): WorkItem | undefined => {
    const tags = (w.fields['System.Tags'] ?? '').split(';').map((t) => t.trim());
    const practiceId = practiceOf(tags, w.fields['System.Description']);
    if (!practiceId) return undefined;
    const state = w.fields['System.State'] ?? '';
    return {
      id: String(w.id),
      practiceId,
      title: w.fields['System.Title'] ?? '',
      body: w.fields['System.Description'] ?? '',
      open: state !== closed && state !== 'Closed' && state !== 'Removed',
      url: w._links?.html?.href,
    };
  };
  const patch = (want: DesiredItem, state?: string) => [
    { op: 'add', path: '/fields/System.Title', value: want.title },
    { op: 'add', path: '/fields/System.Description', value: want.body },
    { op: 'add', path: '/multilineFieldsFormat/System.Description', value: 'Markdown' },
    { op: 'add', path: '/fields/System.Tags', value: want.labels.join('; ') },
    ...(state ? [{ op: 'add', path: '/fields/System.State', value: state }] : []),
  ];
  const jsonPatch = 'application/json-patch+json';
  return {
    service: 'Azure Boards',
    async list() {
      const query =
        'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ' +
        `AND [System.Tags] CONTAINS '${BACKLOG_LABEL}' ORDER BY [System.Id]`;
      const res = await request(http, 'POST', `${project}/_apis/wit/wiql?${API}`, { query });
      const ids = ((res.body as { workItems?: { id: number }[] })?.workItems ?? []).map((w) => w.id);
      const found: WorkItem[] = [];
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = await request(http, 'POST', `${org}/_apis/wit/workitemsbatch?${API}`, {
          ids: ids.slice(i, i + BATCH),
          fields: FIELDS,
        });
        for (const w of (batch.body as { value?: AzureWorkItem[] })?.value ?? []) {
          const item = toItem(w);
          if (item) found.push(item);
        }
      }
      return found;
    },
    async create(want) {
      const type = encodeURIComponent(opts.workItemType ?? 'Task');
      const res = await request(
        http,
        'POST',
        `${project}/_apis/wit/workitems/$${type}?${API}`,
        patch(want),
        jsonPatch,
      );
      return String((res.body as { id?: number })?.id ?? '?');
    },
    async update(item, want) {
      const state = item.open ? undefined : (opts.openState ?? 'To Do');
      await request(
        http,
        'PATCH',
        `${org}/_apis/wit/workitems/${item.id}?${API}`,
        patch(want, state),
        jsonPatch,
      );
    },
    async close(item) {
      await request(
        http,
        'PATCH',
        `${org}/_apis/wit/workitems/${item.id}?${API}`,
        [{ op: 'add', path: '/fields/System.State', value: closed }],
        jsonPatch,
      );
    },
  };
}
