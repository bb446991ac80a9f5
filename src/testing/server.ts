import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { z } from 'zod';
import { EmbeddedRunner } from '../jobs/index.js';
import type { ModelSet } from '../model/index.js';
import { buildServer } from '../server/index.js';
import { ROLES, type Role, type Store } from '../store/index.js';
import { BIN, runCli, tempDir } from './index.js';
import { freePort } from './postgres.js';

/** Starts the real `waymark serve` and resolves once it prints its URL. */
export function serve(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let out = '';
    // A server that does not start is stopped: left running, it would keep the test file alive.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 30 s:\n${out}`));
    }, 30_000);
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/\S+?)\/? /.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr?.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
}

/** Resolves when the process has exited (at once if it already has). */
export function stopped(child: ChildProcess): Promise<unknown> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r)));
}

export interface ServerWithWorkload {
  url: string;
  token: string;
  /** The workload's id. */
  id: string;
  headers: Record<string, string>;
  stop(): Promise<void>;
}

/** A real server on a fresh SQLite file, an editor token of team t1, and one workload of it. */
export async function serverWithWorkload(db: string, name: string): Promise<ServerWithWorkload> {
  const token = (
    await runCli(['token', 'create', '--team', 't1', '--role', 'editor', '--db', db])
  ).stdout.trim();
  const srv = await serve(['--port', String(await freePort()), '--db', db]);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${srv.url}/api/v1/workloads`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name }),
  });
  const { id } = (await created.json()) as { id: string };
  return {
    url: srv.url,
    token,
    id,
    headers,
    stop: async () => {
      srv.child.kill('SIGTERM');
      await stopped(srv.child);
    },
  };
}

// --- the API as data, for tests that must cover every route ----------------------------------

/** A practice every built-in model set has. */
export const SAMPLE_PRACTICE = 'oe.1.iac.declarative';

/** A load-test baseline as `waymark perf baseline set` writes it, cut to one flow. */
export const SAMPLE_BASELINE = `version: 1
created: 2024-05-01T12:00:00.000Z
sources:
  - a.jtl
durationSec: 0.594
flows:
  - flow: GET /cart
    count: 50
    errors: 0
    errorRate: 0
    throughput: 84.175
    meanMs: 102.01
    minMs: 100
    maxMs: 104
    exactness: samples
    p50: { ms: 102.015, enough: true, minSamples: 20, ci: [101.055, 103.039] }
    p90: { ms: 104, enough: false, minSamples: 100, ci: [103.039, 104] }
    p95: { ms: 104, enough: false, minSamples: 200, ci: [104, 104] }
    p99: { ms: 104, enough: false, minSamples: 1000, ci: [104, 104] }
`;

const samplePercentile = (ms: number, enough: boolean, minSamples: number) => ({
  ms,
  enough,
  minSamples,
  ci: [ms - 1, ms + 1],
});
const sampleFlow = (flow: string) => ({
  flow,
  count: 50,
  errors: 1,
  errorRate: 2,
  throughput: 84.175,
  flowThroughput: 85,
  meanMs: 102.01,
  minMs: 100,
  maxMs: 104,
  percentiles: {
    p50: samplePercentile(102, true, 20),
    p90: samplePercentile(104, false, 100),
    p95: samplePercentile(104, false, 200),
    p99: samplePercentile(104, false, 1000),
  },
  exactness: 'samples',
  windows: [
    {
      startMs: 1_714_564_800_000,
      endMs: 1_714_564_860_000,
      count: 30,
      errors: 1,
      throughput: 50,
      errorRate: 3.3333,
      p95Ms: null,
    },
    {
      startMs: 1_714_564_860_000,
      endMs: 1_714_564_860_600,
      count: 20,
      errors: 0,
      throughput: 33.3,
      errorRate: 0,
      p95Ms: null,
    },
  ],
});

/** A run summary as `waymark perf summary --format json` prints it, cut to one flow. */
export const SAMPLE_RUN_SUMMARY = {
  sources: [{ name: 'a.jtl', format: 'jmeter-csv', rows: 50 }],
  startMs: 1_714_564_800_000,
  endMs: 1_714_564_800_594,
  durationSec: 0.594,
  windowSec: 60,
  windowing: { windowSec: 60, requestedSec: 60, originMs: 1_714_564_800_000, source: 'samples' },
  flows: [sampleFlow('GET /cart')],
  overall: sampleFlow('(all)'),
  unmatched: { count: 0, labels: [] },
  skipped: { total: 0, reasons: [] },
  notes: [],
  precision: 'percentiles by nearest rank from HDR histograms',
};

/** A valid body for each write operation that takes one, keyed `METHOD /openapi/path`. */
export function sampleBodies(): Record<string, Record<string, unknown>> {
  return {
    'POST /api/v1/workloads': { name: `sample-${Math.random().toString(36).slice(2, 10)}` },
    'PATCH /api/v1/workloads/{id}': { tags: ['sample'], criticality: 'high' },
    'PUT /api/v1/workloads/{id}/answers/{practiceId}': { status: 'met', revision: 0 },
    'POST /api/v1/workloads/{id}/milestones': { name: 'Q2' },
    'PUT /api/v1/workloads/{id}/context': { context: { teams: 'several' } },
    'POST /api/v1/workloads/{id}/scans': {
      root: '.',
      scannedAt: '2024-05-01T12:00:00Z',
      suggestions: [
        {
          practiceId: SAMPLE_PRACTICE,
          status: 'met',
          confidence: 'high',
          evidence: ['infra/main.bicep:1'],
          summary: 'Bicep templates',
          detector: 'iac',
        },
      ],
    },
    'PUT /api/v1/workloads/{id}/health': {
      formatVersion: 1,
      workload: 'checkout',
      state: 'degraded',
      reason: 'api is degraded',
      evaluatedAt: '2024-05-01T12:00:00Z',
      components: [
        {
          id: 'api',
          state: 'degraded',
          reason: 'error rate above 1%',
          signals: [{ id: 'errors', key: 'api.errors', state: 'degraded', reason: '0.02 > 0.01' }],
        },
      ],
    },
    'PUT /api/v1/workloads/{id}/perf-baseline': { baseline: SAMPLE_BASELINE },
    'POST /api/v1/workloads/{id}/perf/runs': {
      name: 'build 7',
      summary: SAMPLE_RUN_SUMMARY,
      baseline: SAMPLE_BASELINE,
    },
    'POST /api/v1/workloads/{id}/repositories': {
      url: `file:///nonexistent/waymark-sample-${Math.random().toString(36).slice(2, 10)}.git`,
      branch: 'main',
      subPath: 'services/api',
    },
    'POST /api/v1/workloads/{id}/scan-jobs': { repositoryId: '00000000-0000-4000-8000-000000000000' },
    'PUT /api/v1/workloads/{id}/scan-schedule': { cron: '0 3 * * *' },
    'PUT /api/v1/workloads/{id}/perf-comparison': {
      baselineCreated: '2024-05-01T12:00:00.000Z',
      flows: 3,
      regressed: 0,
      targetsMissed: 0,
    },
    'POST /api/v1/workloads/{id}/delivery/events': {
      events: [
        {
          type: 'deployment',
          id: 'rel-1',
          environment: 'production',
          status: 'success',
          time: '2024-05-01T12:00:00Z',
          commits: ['0a1b2c3d4e5f60718293a4b5c6d7e8f901234567'],
        },
      ],
    },
  };
}

const Operations = z.object({
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z.looseObject({
        'x-waymark-role': z.enum(ROLES),
        parameters: z
          .array(z.looseObject({ in: z.string(), name: z.string(), required: z.boolean().optional() }))
          .optional(),
        requestBody: z
          .object({
            required: z.boolean().optional(),
            content: z.object({ 'application/json': z.object({ schema: z.unknown() }) }),
          })
          .optional(),
      }),
    ),
  ),
});

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As OpenAPI writes it: `/api/v1/workloads/{id}`. */
  path: string;
  /** The least role it needs. */
  role: Role;
  /** Names of the required query parameters. */
  query: string[];
  body: unknown;
  /** `METHOD path`, the key of sampleBodies(). */
  key: string;
}

/** Every operation the server publishes in its OpenAPI document. */
export async function apiOperations(app: FastifyInstance): Promise<Operation[]> {
  await app.ready();
  const doc = Operations.parse(app.swagger());
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).parse(m.toUpperCase());
      out.push({
        method,
        path,
        role: op['x-waymark-role'],
        query: (op.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => p.name),
        body: op.requestBody?.content['application/json'].schema,
        key: `${method} ${path}`,
      });
    }
  }
  return out;
}

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The operation's URL with its path parameters filled in, and every required query parameter set to `queryValue`. */
export function operationUrl(op: Operation, params: Record<string, string>, queryValue = ''): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${op.key}`);
    return encodeURIComponent(value);
  });
  const query = op.query.map((q) => `${q}=${encodeURIComponent(queryValue)}`).join('&');
  return query ? `${path}?${query}` : path;
}

export interface ApiFixture {
  app: FastifyInstance;
  store: Store;
  /** Tokens of team t1 by role, and `other`: an admin of team t2. */
  tokens: Record<'viewer' | 'editor' | 'admin' | 'other', string>;
  /** Values for every path parameter: a workload of t1, a practice, a milestone of it. */
  params: Record<string, string>;
  /** Sends one request as `who` (no token when undefined); `payload` as JSON unless a string. */
  call(
    method: string,
    url: string,
    who?: keyof ApiFixture['tokens'],
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The real server in-process (token mode) on `store`, with a workload and a milestone of team t1. */
export async function apiFixture(store: Store, models: ModelSet): Promise<ApiFixture> {
  // Scan jobs the tests start reach no network: git may only use file:// and local paths.
  process.env.GIT_ALLOW_PROTOCOL = 'file';
  const scans = await EmbeddedRunner.start(store, models, join(tempDir(), 'scan-cache'));
  const app = await buildServer({
    store,
    models,
    auth: 'tokens',
    rateLimit: 1_000_000,
    scans,
    localRepositories: true,
  });
  const tokens = {
    viewer: (await store.createToken('t1', 'viewer', 'viewer')).token,
    editor: (await store.createToken('t1', 'editor', 'editor')).token,
    admin: (await store.createToken('t1', 'admin', 'admin')).token,
    other: (await store.createToken('t2', 'admin', 'other')).token,
  };
  const call: ApiFixture['call'] = (method, url, who, payload) =>
    app.inject({
      method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).parse(method),
      url,
      headers: {
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined
        ? {}
        : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
  const created = await call('POST', '/api/v1/workloads', 'editor', { name: 'checkout' });
  if (created.statusCode !== 201) throw new Error(`fixture: ${created.body}`);
  const id = z.object({ id: z.string() }).parse(created.json()).id;
  const milestone = await call('POST', `/api/v1/workloads/${id}/milestones`, 'editor', { name: 'Q1' });
  const milestoneId = z.object({ id: z.string() }).parse(milestone.json()).id;
  const repository = await call('POST', `/api/v1/workloads/${id}/repositories`, 'editor', {
    url: 'file:///nonexistent/waymark-fixture.git',
  });
  const repositoryId = z.object({ id: z.string() }).parse(repository.json()).id;
  const run = await call('POST', `/api/v1/workloads/${id}/perf/runs`, 'editor', {
    summary: SAMPLE_RUN_SUMMARY,
  });
  const runId = z.object({ id: z.string() }).parse(run.json()).id;
  return {
    app,
    store,
    tokens,
    params: {
      id,
      practiceId: SAMPLE_PRACTICE,
      milestoneId,
      repositoryId,
      runId,
      otherRunId: runId,
      flow: 'GET /cart',
    },
    call,
    close: async () => {
      await app.close();
      await scans.close();
      await store.close();
    },
  };
}
