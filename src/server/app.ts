import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlib } from 'node:zlib';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { jobMetrics } from '../jobs/index.js';
import type { Actor, Role } from '../store/index.js';
import { ErrorBody } from './apiResponses.js';
import { databaseHttpError, HttpError } from './errors.js';
import { boundJsonBodies } from './jsonBody.js';
import { loopbackGuard } from './loopbackGuard.js';
import { httpMetrics } from './metrics.js';
import { type OidcSignIn, registerSignIn, sessionActor } from './oidc/index.js';
import { validationMessage, validatorCompiler } from './requestValidation.js';
import { CHECK_RESPONSES_DEFAULT, checkResponses, serializerCompiler } from './responseCheck.js';
import { deliveryHookRoutes, deliveryRoutes } from './routes/delivery.js';
import { healthRoutes } from './routes/health.js';
import { milestoneRoutes } from './routes/milestones.js';
import { perfBaselineRoutes } from './routes/perfBaseline.js';
import { perfRunRoutes } from './routes/perfRuns.js';
import { portfolioRoutes } from './routes/portfolio.js';
import { repositoryRoutes } from './routes/repositories.js';
import { webhookRoutes } from './routes/webhooks.js';
import { workloadRoutes } from './routes/workloads.js';
import { LOCAL_ACTOR, type ServerOptions } from './serverContext.js';
import { upgradeAnswers } from './upgrade.js';
import { workloadLookup } from './workloadLookup.js';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  421: 'misdirected_request',
  429: 'rate_limited',
};
const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const trustProxy = opts.trustProxy && opts.trustProxy.length > 0 ? [...opts.trustProxy] : undefined;
  if (trustProxy && opts.auth === 'single-user')
    throw new Error('trustProxy cannot be combined with single-user mode');
  const app = Fastify({
    ...(trustProxy ? { trustProxy } : {}),
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    schemaErrorFormatter: (errors, dataVar) => new Error(validationMessage(errors, dataVar)),
  });
  // Routes declare zod schemas: requests are checked by them, answers written as JSON.stringify does.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler(
    (err: Error & { statusCode?: number; code?: string; validation?: unknown }, req, reply) => {
      const known = err instanceof HttpError ? err : databaseHttpError(err);
      if (known) {
        if (known.statusCode >= 500) req.log.warn({ err }, known.message);
        return reply
          .status(known.statusCode)
          .headers(known.headers)
          .send({ error: known.code, message: known.message, ...known.extra });
      }
      if (err.validation)
        return reply.status(400).send({ error: 'bad_request', message: brief(err.message) });
      const status = err.statusCode ?? 500;
      if (status >= 400 && status < 500)
        return reply
          .status(status)
          .send({ error: CODES[status] ?? 'bad_request', message: brief(err.message) });
      req.log.error(err);
      return reply.status(500).send({ error: 'internal', message: 'internal error' });
    },
  );
  boundJsonBodies(app);
  // Answers under practice ids the models have since retired follow them before anything is served.
  await upgradeAnswers(opts.store, opts.models);
  if (opts.auth === 'single-user') {
    loopbackGuard(app);
    // Everything the local admin writes belongs to this team; a fresh database has none.
    await opts.store.ensureTeam(LOCAL_ACTOR.teamId);
  }

  // Before compression, so that it reads the JSON text (see responseCheck.ts).
  if (opts.checkResponses ?? CHECK_RESPONSES_DEFAULT) checkResponses(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // ECharts and React set inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // Served over plain HTTP on loopback by default; upgrading would break that.
        upgradeInsecureRequests: null,
      },
    },
  });
  // Brotli or gzip for every answer worth it (the UI's bundles, the portfolio's JSON). Brotli at
  // quality 4: most of the gain of 11 at a small part of its time, for answers made per request.
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(rateLimit, {
    max: opts.rateLimit ?? 6000,
    timeWindow: '1 minute',
    keyGenerator: (req) => req.headers.authorization ?? req.ip,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: 'rate_limited',
      message: `more than ${ctx.max} requests in ${ctx.after}; slow down`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Waymark API', version: opts.version ?? '0.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    // The least role each operation needs, for clients and for the tests that check every route.
    transform: (document) => {
      const out = jsonSchemaTransform(document);
      const role = document.route.config?.role;
      const schema = { ...out.schema, response: withoutContent(out.schema.response) };
      return { ...out, schema: role ? { ...schema, 'x-waymark-role': role } : schema };
    },
  });
  const metrics = httpMetrics(app);
  await registerSignIn(app, opts.store, opts.auth === 'tokens' ? opts.oidc : undefined);
  if (opts.scans) {
    const scans = opts.scans;
    scans.attachMetrics?.(jobMetrics(metrics.registry, () => scans.depth()));
  }

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await opts.store.ping();
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ error: 'not_ready', message: 'the database does not answer' });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) =>
    reply.type(metrics.contentType).send(await metrics.render()),
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (scope) => {
      const api = scope.withTypeProvider<ZodTypeProvider>();
      api.addHook('onRoute', (route) => {
        // Enforced at start-up: a route without a declared role would not start the server.
        if (!route.config?.role) throw new Error(`route ${route.method} ${route.url} declares no role`);
        if (!route.schema?.response)
          throw new Error(`route ${route.method} ${route.url} declares no response`);
        // Every refusal has the same shape; a route declares its own only where it says more.
        route.schema = { ...route.schema, response: { '4xx': ErrorBody, ...route.schema.response } };
      });
      api.decorateRequest('actor');
      api.addHook('onRequest', async (req) => {
        req.actor = await authenticate(opts, req);
        const needed = req.routeOptions.config.role ?? 'admin';
        if (RANK[req.actor.role] < RANK[needed]) {
          throw new HttpError(
            403,
            'forbidden',
            `this needs the ${needed} role; your ${req.headers.authorization ? 'token' : 'sign-in'} has ${req.actor.role}`,
          );
        }
      });
      workloadLookup(api, opts.store);
      await api.register(workloadRoutes(opts));
      await api.register(milestoneRoutes(opts));
      await api.register(portfolioRoutes(opts));
      await api.register(healthRoutes(opts));
      await api.register(perfBaselineRoutes(opts));
      await api.register(perfRunRoutes(opts));
      await api.register(repositoryRoutes(opts));
      await api.register(deliveryRoutes(opts));
    },
    { prefix: '/api/v1' },
  );
  await app.register(webhookRoutes(opts));
  await app.register(deliveryHookRoutes(opts));

  const index = opts.webRoot ? join(opts.webRoot, 'index.html') : undefined;
  if (opts.webRoot && index && existsSync(index)) {
    const html = readFileSync(index, 'utf8');
    await app.register(fastifyStatic, {
      root: opts.webRoot,
      wildcard: false,
      index: false,
      // Brotli and gzip copies written at build (scripts/compressWeb.mjs), sent as they are.
      preCompressed: true,
      // Vite names every built asset by a hash of its content: a changed file is a new name.
      setHeaders: (reply, path) => {
        if (/[\\/]assets[\\/]/.test(path))
          reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
    // The shell is checked on every load, so that a new build's asset names are seen at once.
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/html').header('cache-control', 'no-cache').send(html),
    );
    // The UI routes on the client: any other page path gets the app shell.
    app.setNotFoundHandler(async (req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.includes('.')) {
        return reply.type('text/html').header('cache-control', 'no-cache').send(html);
      }
      return reply.status(404).send({ error: 'not_found', message: `${req.method} ${req.url} not found` });
    });
  } else {
    app.setNotFoundHandler(async (req, reply) =>
      reply.status(404).send({ error: 'not_found', message: `${req.method} ${req.url} not found` }),
    );
  }
  return app;
}

/** A 204 is documented as an answer without content (zod writes null as a nullable string for OpenAPI 3.0). */
function withoutContent(response: unknown): unknown {
  if (typeof response !== 'object' || response === null || !('204' in response)) return response;
  return { ...response, 204: { type: 'null', description: 'No content' } };
}

/** Messages of Fastify's own 4xx errors quote the request; keep them to one short line. */
function brief(message: string): string {
  return message.length <= 300 ? message : `${message.slice(0, 300)}…`;
}

async function authenticate(opts: ServerOptions, req: FastifyRequest): Promise<Actor> {
  if (opts.auth === 'single-user') return LOCAL_ACTOR;
  const header = req.headers.authorization;
  // A browser signed in with OIDC sends its session cookie; automation sends a token.
  if (!header && opts.oidc) {
    const signedIn = await sessionActor(opts.store, req);
    if (signedIn) return signedIn;
  }
  const match = header ? /^Bearer (\S+)$/i.exec(header) : null;
  if (!match?.[1])
    throw new HttpError(
      401,
      'unauthorized',
      opts.oidc
        ? 'sign in (/auth/login), or send an API token: Authorization: Bearer <token>'
        : 'send an API token: Authorization: Bearer <token>',
    );
  const actor = await opts.store.authenticate(match[1]);
  if (!actor) throw new HttpError(401, 'unauthorized', 'the token is not valid');
  return actor;
}
