import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, tempDir } from '../testing/index.js';

const TOKEN = 'ado_secret_pat_never_printed';
const AUTH = `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}`;

interface Item {
  id: number;
  fields: Record<string, string>;
}

/**
 * The parts of the Azure DevOps work item API Waymark uses: a WIQL query (ids only), the batch
 * read (at most 200 ids, as documented), a JSON Patch create and update. Basic auth with a PAT.
 * The first batch read is refused once with a 429 and Retry-After.
 */
function fakeAzure() {
  const items: Item[] = [];
  const writes: string[] = [];
  let batches = 0;
  let throttled = false;
  const read = (req: IncomingMessage) =>
    new Promise<unknown>((resolve) => {
      let data = '';
      req.on('data', (d) => {
        data += d;
      });
      req.on('end', () => resolve(data ? JSON.parse(data) : {}));
    });
  const apply = (item: Item, ops: { op: string; path: string; value: string }[]) => {
    for (const op of ops) if (op.path.startsWith('/fields/')) item.fields[op.path.slice(8)] = op.value;
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== AUTH) return send(401, { message: 'TF400813: not authorized' });
    if (url.searchParams.get('api-version') !== '7.1') return send(400, { message: 'api-version' });
    const p = decodeURIComponent(url.pathname);
    if (req.method === 'POST' && p === '/acme/Shop/_apis/wit/wiql') {
      const { query } = (await read(req)) as { query: string };
      if (!/\[System\.Tags\] CONTAINS 'waymark'/.test(query)) return send(400, { message: 'query' });
      const hits = items.filter((i) => (i.fields['System.Tags'] ?? '').split('; ').includes('waymark'));
      return send(200, { queryType: 'flat', workItems: hits.map((i) => ({ id: i.id, url: '' })) });
    }
    if (req.method === 'POST' && p === '/acme/_apis/wit/workitemsbatch') {
      const { ids } = (await read(req)) as { ids: number[] };
      if (ids.length > 200) return send(400, { message: 'at most 200 ids' });
      if (!throttled) {
        throttled = true;
        return send(429, { message: 'throttled' }, { 'retry-after': '0' });
      }
      batches++;
      const value = items.filter((i) => ids.includes(i.id));
      return send(200, { count: value.length, value });
    }
    writes.push(`${req.method} ${p}`);
    if (req.headers['content-type'] !== 'application/json-patch+json') return send(415, { message: 'patch' });
    const ops = (await read(req)) as { op: string; path: string; value: string }[];
    if (req.method === 'POST' && p === '/acme/Shop/_apis/wit/workitems/$Task') {
      const item: Item = { id: items.length + 1, fields: { 'System.State': 'To Do' } };
      apply(item, ops);
      items.push(item);
      return send(200, item);
    }
    const m = /^\/acme\/_apis\/wit\/workitems\/(\d+)$/.exec(p);
    const item = items.find((i) => i.id === Number(m?.[1]));
    if (req.method === 'PATCH' && item) {
      apply(item, ops);
      return send(200, item);
    }
    return send(404, { message: 'not found' });
  });
  return { server, items, writes, batches: () => batches };
}

describe('waymark plan --push azure-boards against a local Azure DevOps API', () => {
  const dir = tempDir();
  const answers = join(dir, 'waymark.assessment.yaml');
  const ado = fakeAzure();
  let baseUrl = '';
  before(async () => {
    await new Promise<void>((resolve) => ado.server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(ado.server.address() as AddressInfo).port}`;
  });
  after(() => ado.server.close());
  const push = (token: string, ...extra: string[]) =>
    runCli(
      [
        'plan',
        '--answers',
        answers,
        '--push',
        'azure-boards',
        '--org',
        'acme',
        '--project',
        'Shop',
        '--base-url',
        baseUrl,
        ...extra,
      ],
      { env: { AZURE_DEVOPS_TOKEN: token } },
    );

  it('dry run writes nothing; two pushes open each item once; a met practice is closed', async () => {
    writeFileSync(answers, 'workload: Shop\nanswers:\n  oe.1.iac.declarative: not-met\n');
    const dry = await push(TOKEN, '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr, /would create {2}oe\.1\.iac\.declarative/);
    assert.deepEqual(ado.writes, []);

    const first = await push(TOKEN);
    assert.equal(first.code, 0, first.stderr);
    const created = Number(/Azure Boards: (\d+) created/.exec(first.stdout)?.[1]);
    assert.ok(created > 200, `${created} items, so reading them takes two batches`);
    const writes = ado.writes.length;
    const second = await push(TOKEN);
    assert.equal(second.code, 0, second.stderr);
    assert.match(
      second.stdout,
      new RegExp(`Azure Boards: 0 created, 0 updated, 0 closed, ${created} unchanged`),
    );
    assert.equal(ado.writes.length, writes);
    assert.equal(ado.items.length, created);
    assert.equal(ado.batches(), 2);

    writeFileSync(answers, 'workload: Shop\nanswers:\n  oe.1.iac.declarative: met\n');
    const third = await push(TOKEN);
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stdout, /Azure Boards: 0 created, 0 updated, 1 closed/);
    const item = ado.items.find((i) => i.fields['System.Tags']?.includes('waymark:oe.1.iac.declarative'));
    assert.equal(item?.fields['System.State'], 'Done');
  });

  it('a refused token: exit 2, a clear message, no token or stack', async () => {
    const r = await push(`${TOKEN}-wrong`);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /Azure Boards refused the credentials \(401 on POST \/acme\/Shop\/_apis\/wit\/wiql\)/,
    );
    assert.doesNotMatch(r.stderr + r.stdout, /ado_secret|\n\s+at /);
  });
});
