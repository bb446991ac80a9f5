/**
 * How the built UI and the API travel: compressed (brotli or gzip), hashed assets cached for good,
 * the page shell checked on every load.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
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
});
