/**
 * How the built UI and the API travel: compressed (brotli or gzip), hashed assets cached for good,
 * the page shell checked on every load.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { openStore, type Store } from '../store/index.js';
import { REPO_ROOT, tempDir } from '../testing/index.js';
import { buildServer } from './app.js';

const WEB = join(REPO_ROOT, 'dist', 'web');

describe('delivery of the web UI and the API', { skip: !existsSync(join(WEB, 'index.html')) }, () => {
  let store: Store;
  let app: FastifyInstance;
  before(async () => {
    store = await openStore({ sqliteFile: join(tempDir(), 'delivery.db') });
    app = await buildServer({
      store,
      models: new ModelSet(loadBuiltinModels()),
      auth: 'single-user',
      webRoot: WEB,
    });
  });
  after(async () => {
    await app?.close();
    await store?.close();
  });

  it('sends hashed assets compressed and cached for a year, immutable', async () => {
    const js = readdirSync(join(WEB, 'assets')).find((f) => /^index-.*\.js$/.test(f));
    assert.ok(js, 'a built main bundle');
    const br = await app.inject({ url: `/assets/${js}`, headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    const gz = await app.inject({ url: `/assets/${js}`, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.ok(gz.rawPayload.length < 150_000, `main bundle gzipped: ${gz.rawPayload.length} bytes`);
    // The brotli copy made at build (quality 11) is sent, smaller than gzip.
    assert.ok(
      br.rawPayload.length < gz.rawPayload.length * 0.95,
      `${br.rawPayload.length} vs ${gz.rawPayload.length}`,
    );
  });

  it('checks the page shell on every load and compresses the API', async () => {
    const shell = await app.inject({ url: '/workloads/x', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(shell.headers['cache-control'], 'no-cache');
    const models = await app.inject({ url: '/api/v1/models', headers: { 'accept-encoding': 'br' } });
    assert.equal(models.statusCode, 200);
    assert.equal(models.headers['content-encoding'], 'br');
    const plain = await app.inject({ url: '/api/v1/models' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.ok(models.rawPayload.length * 3 < plain.rawPayload.length, 'at least 3 times smaller');
  });

  it('sends the models compressed once, tagged, and 304 to a client that holds them', async () => {
    const plain = await app.inject({ url: '/api/v1/models' });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers['content-type'], 'application/json; charset=utf-8');
    const etag = plain.headers.etag;
    assert.match(String(etag), /^"[\w-]+"$/);
    assert.ok(Array.isArray(plain.json().models) && plain.json().models.length > 0);
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const res = await app.inject({ url: '/api/v1/models', headers: { 'accept-encoding': encoding } });
      assert.equal(res.headers['content-encoding'], encoding);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(res.headers.etag, etag, 'one tag for every encoding of the same answer');
      assert.equal(res.headers.vary, 'accept-encoding');
      assert.equal(decode(res.rawPayload).toString(), plain.body);
      // The same bytes each time: compressed once, not per request.
      const again = await app.inject({ url: '/api/v1/models', headers: { 'accept-encoding': encoding } });
      assert.ok(again.rawPayload.equals(res.rawPayload));
    }
    const held = await app.inject({
      url: '/api/v1/models',
      headers: { 'if-none-match': String(etag), 'accept-encoding': 'br' },
    });
    assert.equal(held.statusCode, 304);
    assert.equal(held.rawPayload.length, 0);
    assert.equal(held.headers.etag, etag);
  });

  it("tags the portfolio's answers by their content: a change of data is a new tag and a new body", async () => {
    for (const url of ['/api/v1/portfolio', '/api/v1/portfolio/heatmap']) {
      const before = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      assert.equal(before.statusCode, 200);
      assert.equal(before.headers['content-type'], 'application/json; charset=utf-8');
      const held = await app.inject({ url, headers: { 'if-none-match': String(before.headers.etag) } });
      assert.equal(held.statusCode, 304, url);
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/workloads',
        payload: { name: `Tagged ${url}`, criticality: 'high', tags: [] },
      });
      assert.equal(created.statusCode, 201, created.body);
      const after = await app.inject({
        url,
        headers: { 'if-none-match': String(before.headers.etag), 'accept-encoding': 'br' },
      });
      assert.equal(after.statusCode, 200, `${url} after a change`);
      assert.notEqual(after.headers.etag, before.headers.etag);
      assert.equal(after.headers['content-encoding'], 'br');
      assert.ok(brotliDecompressSync(after.rawPayload).toString().includes(`Tagged ${url}`));
    }
  });
});
