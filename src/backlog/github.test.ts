import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, tempDir } from '../testing/index.js';
import { nextLink, rateLimitWait } from './index.js';

const TOKEN = 'ghp_secret_token_never_printed_123';
const PAGE = 25;

interface Issue {
  number: number;
  title: string;
  body: string;
  state: string;
  labels: { name: string }[];
  html_url: string;
}

/**
 * The parts of GitHub's REST API that Waymark uses: list a repository's issues filtered by label
 * (paged, with a Link header), create an issue, update one. Bearer auth; 401 otherwise. The first
 * create gets a 429 with retry-after, as a secondary rate limit does.
 */
function fakeGitHub() {
  const issues: Issue[] = [
    // A pull request and an issue of someone else's: neither is Waymark's.
    { number: 1, title: 'unrelated', body: 'x', state: 'open', labels: [{ name: 'bug' }], html_url: '' },
  ];
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
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    const m = /^\/repos\/acme\/shop\/issues(?:\/(\d+))?$/.exec(url.pathname);
    if (!m) return send(404, { message: 'Not Found' });
    if (req.method === 'GET' && !m[1]) {
      const label = url.searchParams.get('labels');
      const state = url.searchParams.get('state') ?? 'open';
      const page = Number(url.searchParams.get('page') ?? '1');
      const all = issues.filter(
        (i) => (!label || i.labels.some((l) => l.name === label)) && (state === 'all' || i.state === state),
      );
      const slice = all.slice((page - 1) * PAGE, page * PAGE);
      const more = page * PAGE < all.length;
      const base = `http://${req.headers.host}${url.pathname}?labels=${label}&state=${state}&per_page=${PAGE}`;
      return send(
        200,
        slice,
        more ? { link: `<${base}&page=${page + 1}>; rel="next", <${base}&page=9>; rel="last"` } : {},
      );
    }
    writes.push(`${req.method} ${url.pathname}`);
    if (req.method === 'POST' && !m[1]) {
      if (!throttled) {
        throttled = true;
        return send(429, { message: 'secondary rate limit' }, { 'retry-after': '0' });
      }
      const body = await read(req);
      const issue: Issue = {
        number: issues.length + 1,
        title: String(body.title),
        body: String(body.body),
        state: 'open',
        labels: (body.labels as string[]).map((name) => ({ name })),
        html_url: `https://github.example/acme/shop/issues/${issues.length + 1}`,
      };
      issues.push(issue);
      return send(201, issue);
    }
    if (req.method === 'PATCH' && m[1]) {
      const issue = issues.find((i) => i.number === Number(m[1]));
      if (!issue) return send(404, { message: 'Not Found' });
      const body = await read(req);
      if (typeof body.title === 'string') issue.title = body.title;
      if (typeof body.body === 'string') issue.body = body.body;
      if (typeof body.state === 'string') issue.state = body.state;
      if (Array.isArray(body.labels)) issue.labels = (body.labels as string[]).map((name) => ({ name }));
      return send(200, issue);
    }
    return send(405, { message: 'no' });
  });
  return { server, issues, writes };
}

describe('waymark plan --push github against a local GitHub API', () => {
  const dir = tempDir();
  const answers = join(dir, 'waymark.assessment.yaml');
  const gh = fakeGitHub();
  let baseUrl = '';
  before(async () => {
    await new Promise<void>((resolve) => gh.server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(gh.server.address() as AddressInfo).port}`;
  });
  after(() => gh.server.close());

  const push = (...extra: string[]) =>
    runCli(
      [
        'plan',
        '--answers',
        answers,
        '--push',
        'github',
        '--repo',
        'acme/shop',
        '--base-url',
        baseUrl,
        ...extra,
      ],
      {
        env: { GITHUB_TOKEN: TOKEN },
      },
    );
  const waymarkIssues = () => gh.issues.filter((i) => i.labels.some((l) => l.name === 'waymark'));

  it('a dry run lists the changes and writes nothing', async () => {
    writeFileSync(answers, 'workload: Shop\nanswers:\n  oe.1.iac.declarative: not-met\n');
    const r = await push('--dry-run');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /would create {2}oe\.1\.iac\.declarative {2}\[OE L1\]/);
    assert.match(
      r.stdout,
      /GitHub: \d+ would be created, 0 would be updated, 0 would be closed, 0 unchanged/,
    );
    assert.deepEqual(gh.writes, []);
  });

  it('opens one issue per plan item, and a second run changes nothing', async () => {
    const first = await push();
    assert.equal(first.code, 0, first.stderr);
    const created = Number(/GitHub: (\d+) created/.exec(first.stdout)?.[1]);
    assert.ok(created > PAGE * 2, `${created} items, so that listing them takes three pages`);
    assert.equal(waymarkIssues().length, created);
    const issue = waymarkIssues().find((i) =>
      i.labels.some((l) => l.name === 'waymark:oe.1.iac.declarative'),
    );
    assert.ok(issue, 'the practice has its issue');
    assert.match(issue.body, /\*\*Why:\*\* .+\n\n\*\*Next step:\*\* .+/);
    assert.match(issue.body, /<!-- waymark:practice=oe\.1\.iac\.declarative -->$/);

    const writesBefore = gh.writes.length;
    const second = await push();
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`GitHub: 0 created, 0 updated, 0 closed, ${created} unchanged`));
    assert.equal(gh.writes.length, writesBefore, 'no writes on the second run');
    assert.equal(waymarkIssues().length, created, 'no duplicates');
  });

  it('closes the issue of a practice that became met, and reopens it when it is not met again', async () => {
    writeFileSync(answers, 'workload: Shop\nanswers:\n  oe.1.iac.declarative: met\n');
    const r = await push();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /GitHub: 0 created, 0 updated, 1 closed, /);
    const issue = waymarkIssues().find((i) =>
      i.labels.some((l) => l.name === 'waymark:oe.1.iac.declarative'),
    );
    assert.equal(issue?.state, 'closed');

    writeFileSync(answers, 'workload: Shop\nanswers:\n  oe.1.iac.declarative: partial\n');
    const again = await push();
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /reopen {2}oe\.1\.iac\.declarative/);
    assert.equal(issue?.state, 'open');
    assert.match(issue?.body ?? '', /as \*\*partial\*\*/);
  });

  it('a refused token is a clear error, exit 2, and the token is never printed', async () => {
    const r = await runCli(
      [
        'plan',
        '--answers',
        answers,
        '--push',
        'github',
        '--repo',
        'acme/shop',
        '--base-url',
        baseUrl,
        '--token',
        `${TOKEN}x`,
      ],
      {},
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /GitHub refused the credentials \(401 on GET \/repos\/acme\/shop\/issues\)/);
    assert.doesNotMatch(r.stderr + r.stdout, /ghp_secret/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('user mistakes: no token, a bad repository name', async () => {
    const none = await runCli(['plan', '--answers', answers, '--push', 'github', '--repo', 'acme/shop'], {
      env: { GITHUB_TOKEN: '' },
    });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no token: set GITHUB_TOKEN or pass --token/);
    const bad = await runCli(['plan', '--answers', answers, '--push', 'github', '--repo', 'shop'], {
      env: { GITHUB_TOKEN: TOKEN },
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--repo must be owner\/name/);
    assert.doesNotMatch(bad.stderr, /ghp_secret/);
  });

  it('reads Link headers and rate-limit headers', () => {
    assert.equal(
      nextLink('<https://a/x?page=2>; rel="next", <https://a/x?page=5>; rel="last"'),
      'https://a/x?page=2',
    );
    assert.equal(nextLink('<https://a/x?page=1>; rel="prev"'), undefined);
    const h = (o: Record<string, string>) => new Headers(o);
    assert.equal(rateLimitWait({ status: 429, headers: h({ 'retry-after': '3' }) }), 3000);
    assert.equal(
      rateLimitWait(
        { status: 403, headers: h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '110' }) },
        100_000,
      ),
      10_000,
    );
    assert.equal(rateLimitWait({ status: 403, headers: h({}) }), undefined);
  });
});
