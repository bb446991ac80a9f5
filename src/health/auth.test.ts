/**
 * Issue 18, defect 5: a real Prometheus behind a loopback proxy that wants basic auth, a bearer
 * token and a tenant header, over HTTP and TLS. The proxy echoes the Authorization header it got
 * in its 401 page, so every output is checked for the secret and its base64 form.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../testing/index.js';
import type { HealthReport } from './report.js';
import { authProxy } from './testSupport/authProxy.js';
import { runHealthCli } from './testSupport/cli.js';
import { serve, type TestServer } from './testSupport/http.js';
import { type RunningPrometheus, startPrometheus, waitFor } from './testSupport/prometheus.js';

const PASSWORD = 's3cret-Pw_9';
const TOKEN = 'tok-4f2c9a1e77';
const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`;
const SECRETS = [PASSWORD, TOKEN, Buffer.from(`waymark:${PASSWORD}`).toString('base64')];

const modelYaml = (url: string, auth: string) => `
version: 1
workload: shop
source:
  prometheus: "${url}"
  timeout: 3s
${auth
  .trim()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
components:
  - id: api
    signals:
      - id: errors
        query: max(app_error_ratio)
        unit: ratio
        thresholds: { degraded: 0.01, reason: "1% of requests failing exhausts the budget" }
`;

let app: TestServer;
let prom: RunningPrometheus;
let basicProxy: TestServer;
let bearerProxy: TestServer;
let tlsProxy: TestServer;
let dir: string;

function assertNoSecret(...texts: string[]) {
  for (const t of texts)
    for (const s of SECRETS) assert.ok(!t.includes(s), `a secret leaked: …${t.slice(0, 400)}`);
}

describe('Prometheus behind authentication (issue 18, defect 5)', { timeout: 60_000 }, () => {
  before(async () => {
    app = await serve((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end('# TYPE app_error_ratio gauge\napp_error_ratio 0.002\n');
    });
    prom = await startPrometheus([`127.0.0.1:${app.port}`]);
    dir = tempDir('waymark-health-auth-');
    basicProxy = await authProxy(prom.url, { require: { authorization: basic('waymark', PASSWORD) } });
    bearerProxy = await authProxy(prom.url, {
      require: { authorization: `Bearer ${TOKEN}`, 'x-scope-orgid': 'team-a' },
    });
    const made = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=prometheus.test',
        '-addext',
        'subjectAltName=DNS:prometheus.test,IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(made.status, 0, made.stderr);
    tlsProxy = await authProxy(prom.url, {
      require: { authorization: basic('waymark', PASSWORD) },
      tls: { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) },
    });
    writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
    await waitFor('the first scrape', 15_000, async () => {
      const r = await fetch(`${prom.url}/api/v1/query?query=app_error_ratio`);
      return ((await r.json()) as { data?: { result?: unknown[] } }).data?.result?.length === 1;
    });
  });
  after(async () => {
    await Promise.all([basicProxy?.close(), bearerProxy?.close(), tlsProxy?.close()]);
    await prom?.stop();
    await app?.close();
  });

  it('basic auth from the environment: the same value as Prometheus, no secret in the report', async () => {
    writeFileSync(
      join(dir, 'basic.yaml'),
      modelYaml(
        basicProxy.url,
        'auth: { basicAuth: { username: waymark, password: { env: PROM_PASSWORD } } }',
      ),
    );
    const r = await runHealthCli(['eval', '-m', 'basic.yaml', '--format', 'json'], dir, {
      PROM_PASSWORD: PASSWORD,
    });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as HealthReport;
    assert.equal(report.components[0]?.signals[0]?.value, 0.002);
    assertNoSecret(r.stdout, r.stderr);
  });

  it('a wrong password is unknown (exit 3) and the echoed header is masked everywhere', async () => {
    const r = await runHealthCli(['eval', '-m', 'basic.yaml', '--format', 'json'], dir, {
      PROM_PASSWORD: `${PASSWORD}-wrong`,
    });
    assert.equal(r.code, 3, r.stderr);
    const s = (JSON.parse(r.stdout) as HealthReport).components[0]?.signals[0];
    assert.equal(s?.problem, 'rejected');
    assert.match(s?.reason ?? '', /HTTP 401.*wants credentials.*got \*\*\*/);
    assertNoSecret(r.stdout, r.stderr, Buffer.from(`waymark:${PASSWORD}-wrong`).toString('base64'));
    assert.ok(!r.stdout.includes(Buffer.from(`waymark:${PASSWORD}-wrong`).toString('base64')));
  });

  it('credentials in the URL are sent as basic auth and masked in the text and the JSON', async () => {
    const url = basicProxy.url.replace('http://', `http://waymark:${encodeURIComponent(PASSWORD)}@`);
    const text = await runHealthCli(['eval', '-m', 'basic.yaml', '--source', url], dir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Prometheus at http:\/\/127\.0\.0\.1:\d+ \(basic auth as waymark\)/);
    const json = await runHealthCli(['eval', '-m', 'basic.yaml', '--source', url, '--format', 'json'], dir);
    assert.equal(json.code, 0, json.stderr);
    assertNoSecret(text.stdout, text.stderr, json.stdout, json.stderr);
  });

  it('a bearer token from a file and a header from the environment, by flags', async () => {
    const r = await runHealthCli(
      [
        'eval',
        '-m',
        'basic.yaml',
        '--source',
        bearerProxy.url,
        '--bearer-token-file',
        'token',
        '--header',
        'X-Scope-OrgID=env:TENANT',
      ],
      dir,
      { TENANT: 'team-a' },
    );
    assert.equal(r.code, 0, r.stderr);
    assertNoSecret(r.stdout, r.stderr);
    const none = await runHealthCli(['eval', '-m', 'basic.yaml', '--source', bearerProxy.url], dir);
    assert.equal(none.code, 3, 'without the token: unknown');
  });

  it('TLS: refused without the CA, accepted with --ca-file or the model tls.caFile', async () => {
    writeFileSync(
      join(dir, 'tls.yaml'),
      modelYaml(
        tlsProxy.url,
        'auth: { basicAuth: { username: waymark, password: { file: pw } }, tls: { caFile: cert.pem } }',
      ),
    );
    writeFileSync(join(dir, 'pw'), PASSWORD);
    const ok = await runHealthCli(['eval', '-m', 'tls.yaml'], dir);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    const args = [
      'eval',
      '-m',
      'tls.yaml',
      '--source',
      tlsProxy.url,
      '--basic-auth',
      'waymark',
      '--password-file',
      'pw',
    ];
    const untrusted = await runHealthCli(args, dir);
    assert.equal(untrusted.code, 3);
    assert.match(untrusted.stdout, /cannot reach https:\/\/127\.0\.0\.1:\d+: .*(SELF_SIGNED|CERT)/);
    const trusted = await runHealthCli([...args, '--ca-file', 'cert.pem'], dir);
    assert.equal(trusted.code, 0, trusted.stdout);
    const skipped = await runHealthCli([...args, '--insecure-skip-verify'], dir);
    assert.equal(skipped.code, 0, skipped.stdout);
    assertNoSecret(ok.stdout, untrusted.stdout, untrusted.stderr, trusted.stdout);
  });

  it('a missing variable or file is a mistake in the input (exit 2), named, with no stack', async () => {
    const env = await runHealthCli(['eval', '-m', 'basic.yaml'], dir, { PROM_PASSWORD: '' });
    assert.equal(env.code, 2);
    assert.match(env.stderr, /auth\.basicAuth\.password: the environment variable PROM_PASSWORD is not set/);
    assert.doesNotMatch(env.stderr, /at .*\.js:\d+/);
    const file = await runHealthCli(
      ['eval', '-m', 'basic.yaml', '--source', bearerProxy.url, '--bearer-token-file', 'nope'],
      dir,
    );
    assert.equal(file.code, 2);
    assert.match(file.stderr, /nope: auth\.bearerToken: cannot read the file \(ENOENT\)/);
    writeFileSync(
      join(dir, 'inline.yaml'),
      modelYaml(basicProxy.url, 'auth: { basicAuth: { username: w, password: hunter2 } }'),
    );
    const inline = await runHealthCli(['eval', '-m', 'inline.yaml'], dir);
    assert.equal(inline.code, 2);
    assert.match(inline.stderr, /inline\.yaml:\d+:\d+: .*password/);
    assert.doesNotMatch(inline.stderr, /hunter2/);
  });
});
