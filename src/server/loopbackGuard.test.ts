/**
 * Single-user mode has no credentials: only the server's own names and pages may use it.
 * Real HTTP on a loopback port, so Host and Origin are exactly what a browser would send.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { openStore, type Store } from '../store/index.js';
import { tempDir } from '../testing/index.js';
import { buildServer } from './app.js';

const models = new ModelSet(loadBuiltinModels());

/** One request with the exact headers given (fetch would not let us set Host). */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('single-user mode and other sites', () => {
  let store: Store;
  let app: FastifyInstance;
  let port = 0;
  before(async () => {
    store = await openStore({ sqliteFile: join(tempDir(), 'local.db') });
    app = await buildServer({ store, models, auth: 'single-user', rateLimit: 100_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  after(async () => {
    await app?.close();
    await store?.close();
  });

  it('answers only to loopback host names on its own port', async () => {
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `127.1.2.3:${port}`,
      'localhost',
      `LOCALHOST:${port}`,
    ]) {
      const r = await send(port, 'GET', '/api/v1/me', { host });
      assert.equal(r.status, 200, `Host ${host}: ${r.body}`);
      assert.equal(JSON.parse(r.body).role, 'admin');
    }
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost:${port + 1}`,
      `127.0.0.1:${port}@evil.example`,
      `0.0.0.0:${port}`,
      `[::ffff:127.0.0.1]:${port}`,
      `foo.localhost:${port}`,
    ]) {
      for (const path of ['/api/v1/me', '/api/v1/workloads', '/healthz', '/']) {
        const r = await send(port, 'GET', path, { host });
        assert.equal(r.status, 421, `Host ${host} ${path}: ${r.status} ${r.body}`);
        assert.doesNotMatch(r.body, /"role"/);
      }
    }
    // HTTP/1.0 needs no Host at all.
    const bare = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end('GET /api/v1/me HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => {
        text += d;
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(bare, /^HTTP\/1\.[01] 421 /);
    const refused = await send(port, 'GET', '/api/v1/me', { host: 'evil.example' });
    assert.match(JSON.parse(refused.body).message, /answers only to localhost, 127\.0\.0\.1 or \[::1\]/);
  });

  it('refuses writes from the pages of another origin and takes its own', async () => {
    const host = `localhost:${port}`;
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${port}`,
      'null',
      `http://localhost:${port + 1}`,
      `https://localhost:${port}`,
      `http://localhost:${port}.evil.example`,
      'http://localhost',
      `http://127.0.0.1:${port}/path`,
      'garbage',
    ]) {
      for (const [method, path, body] of [
        ['POST', '/api/v1/workloads', { name: `from ${origin}` }],
        ['PATCH', `/api/v1/workloads/${crypto.randomUUID()}`, { name: 'x' }],
        ['DELETE', `/api/v1/workloads/${crypto.randomUUID()}`, undefined],
        [
          'PUT',
          `/api/v1/workloads/${crypto.randomUUID()}/answers/oe.1.iac.declarative`,
          { status: 'met', revision: 0 },
        ],
      ] as const) {
        const r = await send(port, method, path, { host, origin }, body);
        assert.equal(r.status, 403, `${method} from ${origin}: ${r.status} ${r.body}`);
        assert.match(JSON.parse(r.body).message, /only from its own pages/);
      }
    }
    assert.deepEqual(JSON.parse((await send(port, 'GET', '/api/v1/workloads', { host })).body).workloads, []);
    // Reading is harmless (the browser keeps the answer from the other page) and stays open.
    assert.equal(
      (await send(port, 'GET', '/api/v1/workloads', { host, origin: 'http://evil.example' })).status,
      200,
    );

    // The web UI's own writes: the Origin a browser sends for a page of this server.
    const names: string[] = [];
    for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]) {
      const name = `own ${origin}`;
      const created = await send(
        port,
        'POST',
        '/api/v1/workloads',
        { host: new URL(origin).host, origin, 'sec-fetch-site': 'same-origin' },
        { name },
      );
      assert.equal(created.status, 201, `${origin}: ${created.body}`);
      names.push(name);
      const id = JSON.parse(created.body).id;
      const answered = await send(
        port,
        'PUT',
        `/api/v1/workloads/${id}/answers/oe.1.iac.declarative`,
        { host: new URL(origin).host, origin },
        { status: 'met', revision: 0 },
      );
      assert.equal(answered.status, 200, answered.body);
    }
    // Tools send no Origin at all.
    assert.equal(
      (await send(port, 'POST', '/api/v1/workloads', { host }, { name: 'from curl' })).status,
      201,
    );
    const listed = JSON.parse((await send(port, 'GET', '/api/v1/workloads', { host })).body).workloads;
    assert.deepEqual(listed.map((w: { name: string }) => w.name).sort(), [...names, 'from curl'].sort());
  });

  it('leaves token mode to its tokens: any Host, any Origin', async () => {
    const tokenStore = await openStore({ sqliteFile: join(tempDir(), 'tokens.db') });
    const tokenApp = await buildServer({ store: tokenStore, models, auth: 'tokens' });
    try {
      const { token } = await tokenStore.createToken('t1', 'editor', 'ci');
      const r = await tokenApp.inject({
        method: 'POST',
        url: '/api/v1/workloads',
        headers: {
          host: 'waymark.example.com',
          origin: 'https://waymark.example.com',
          authorization: `Bearer ${token}`,
        },
        payload: { name: 'behind a proxy' },
      });
      assert.equal(r.statusCode, 201, r.body);
    } finally {
      await tokenApp.close();
      await tokenStore.close();
    }
  });
});
