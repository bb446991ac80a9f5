import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, tempDir } from '../testing/index.js';

const EMAIL = 'kim@acme.example';
const TOKEN = 'jira_secret_token_never_printed';
const AUTH = `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`;
const PAGE = 20;

interface Issue {
  key: string;
  fields: {
    summary: string;
    description: string;
    labels: string[];
    status: { statusCategory: { key: string } };
  };
}

/**
 * The parts of Jira's REST API v2 Waymark uses: JQL search (startAt, maxResults, total; the server
 * caps maxResults as Jira does), create, edit, and transitions. Basic auth with email and token.
 * The second search page is refused once with a 429 and Retry-After.
 */
function fakeJira() {
  const issues: Issue[] = [];
  const writes: string[] = [];
  let throttled = false;
  const read = (req: IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      let data = '';
      req.on('data', (d) => {
        data += d;
      });
      req.on('end', () => resolve(data ? JSON.parse(data) : {}));
    });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (req.headers.authorization !== AUTH) return send(401, { errorMessages: ['Unauthorized'] });
    const p = url.pathname;
    if (req.method === 'GET' && p === '/rest/api/2/search') {
      const jql = url.searchParams.get('jql') ?? '';
      assert.match(jql, /project = "SHOP" AND labels = "waymark"/);
      const startAt = Number(url.searchParams.get('startAt') ?? 0);
      const max = Math.min(PAGE, Number(url.searchParams.get('maxResults') ?? 50));
      if (startAt > 0 && !throttled) {
        throttled = true;
        return send(429, { errorMessages: ['rate limited'] }, { 'retry-after': '0' });
      }
      return send(200, {
        startAt,
        maxResults: max,
        total: issues.length,
        issues: issues.slice(startAt, startAt + max),
      });
    }
    if (req.method === 'GET' && /\/transitions$/.test(p))
      return send(200, {
        transitions: [
          { id: '11', name: 'In Progress', to: { statusCategory: { key: 'indeterminate' } } },
          { id: '31', name: 'Done', to: { statusCategory: { key: 'done' } } },
        ],
      });
    writes.push(`${req.method} ${p}`);
    if (req.method === 'POST' && p === '/rest/api/2/issue') {
      const { fields } = (await read(req)) as { fields: Record<string, unknown> };
      assert.deepEqual(fields.project, { key: 'SHOP' });
      const key = `SHOP-${issues.length + 1}`;
      issues.push({
        key,
        fields: {
          summary: String(fields.summary),
          description: String(fields.description),
          labels: fields.labels as string[],
          status: { statusCategory: { key: 'new' } },
        },
      });
      return send(201, { id: String(issues.length), key, self: '' });
    }
    const m = /^\/rest\/api\/2\/issue\/(SHOP-\d+)(\/transitions)?$/.exec(p);
    const issue = issues.find((i) => i.key === m?.[1]);
    if (!m || !issue) return send(404, { errorMessages: ['Issue does not exist'] });
    if (req.method === 'PUT' && !m[2]) {
      const { fields } = (await read(req)) as { fields: Issue['fields'] };
      Object.assign(issue.fields, fields);
      return send(204);
    }
    if (req.method === 'POST' && m[2]) {
      const { transition } = (await read(req)) as { transition: { id: string } };
      issue.fields.status.statusCategory.key = transition.id === '31' ? 'done' : 'indeterminate';
      return send(204);
    }
    return send(405);
  });
  return { server, issues, writes };
}

describe('waymark plan --push jira against a local Jira API', () => {
  const dir = tempDir();
  const answers = join(dir, 'waymark.assessment.yaml');
  const jira = fakeJira();
  let site = '';
  before(async () => {
    await new Promise<void>((resolve) => jira.server.listen(0, '127.0.0.1', resolve));
    site = `http://127.0.0.1:${(jira.server.address() as AddressInfo).port}`;
  });
  after(() => jira.server.close());
  const push = (env: NodeJS.ProcessEnv, ...extra: string[]) =>
    runCli(
      [
        'plan',
        '--answers',
        answers,
        '--push',
        'jira',
        '--jira-site',
        site,
        '--jira-project',
        'SHOP',
        ...extra,
      ],
      {
        env: { JIRA_EMAIL: EMAIL, JIRA_TOKEN: TOKEN, ...env },
      },
    );

  it('dry run writes nothing; two pushes open each item once; a met practice is closed', async () => {
    writeFileSync(answers, 'workload: Shop\nanswers:\n  oe.1.iac.declarative: not-met\n');
    const dry = await push({}, '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr, /would create {2}oe\.1\.iac\.declarative/);
    assert.deepEqual(jira.writes, []);

    const first = await push({});
    assert.equal(first.code, 0, first.stderr);
    const created = Number(/Jira: (\d+) created/.exec(first.stdout)?.[1]);
    assert.ok(created > PAGE * 2, `${created} issues, three search pages`);
    const writes = jira.writes.length;
    const second = await push({});
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`Jira: 0 created, 0 updated, 0 closed, ${created} unchanged`));
    assert.equal(jira.writes.length, writes);
    assert.equal(jira.issues.length, created);

    writeFileSync(answers, 'workload: Shop\nanswers:\n  oe.1.iac.declarative: met\n');
    const third = await push({});
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stdout, /Jira: 0 created, 0 updated, 1 closed/);
    const issue = jira.issues.find((i) => i.fields.labels.includes('waymark:oe.1.iac.declarative'));
    assert.equal(issue?.fields.status.statusCategory.key, 'done');
  });

  it('a refused token: exit 2, a clear message, no token or stack', async () => {
    const r = await push({ JIRA_TOKEN: `${TOKEN}-wrong` });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Jira refused the credentials \(401 on GET \/rest\/api\/2\/search\)/);
    assert.doesNotMatch(r.stderr + r.stdout, /jira_secret|\n\s+at /);
    const missing = await runCli(['plan', '--answers', answers, '--push', 'jira', '--jira-site', site], {
      env: { JIRA_TOKEN: TOKEN },
    });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--push jira needs --jira-site URL and --jira-project KEY/);
  });
});
