/**
 * What every route module shares: the server's options, the Fastify declarations (who asks, the
 * workload a route is about, the role a route needs) and the actor of single-user mode. Route
 * modules import from here, never from app.ts or from one another.
 *
 * How a route module is written (routes/health.ts is a short example):
 * - `export function fooRoutes(opts: ServerOptions): ApiRoutes` returns the plugin; app.ts registers
 *   it inside the /api/v1 scope (or beside it when the route is not part of the API, like webhooks).
 * - Every route declares `config: { role }` and `schema.response` (zod, at least its 2xx answer;
 *   `NoContent` for 204): the server refuses to start without them. Request shapes (`params`,
 *   `querystring`, `body`) are zod too, so handlers read `req.body` typed and checked, never cast.
 *   Shapes live beside their area (apiSchemas.ts, apiResponses.ts, repositorySchemas.ts). Under
 *   test every JSON answer is checked against its schema (responseCheck.ts); refusals share ErrorBody.
 * - A route under `/workloads/:id` (or with a `:workloadId` parameter) reads `req.workload`: the
 *   caller's team's workload, loaded before the handler runs (404 for any other, see
 *   workloadLookup.ts). Do not look it up yourself.
 */
import type { FastifyServerOptions } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ScanDispatcher } from '../jobs/index.js';
import type { ModelSet } from '../model/index.js';
import type { Actor, Role, Store, Workload } from '../store/index.js';
import type { OidcSignIn } from './oidc/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** Only on routes with a workload in their path; reading it elsewhere throws. */
    workload: Workload;
  }
  interface FastifyContextConfig {
    /** The least role a route needs; every /api route must declare one. */
    role?: Role;
  }
}

export interface ServerOptions {
  store: Store;
  models: ModelSet;
  /** `single-user`: no tokens, everyone is the local admin. Only for a server bound to loopback. */
  auth: 'tokens' | 'single-user';
  /** Sign-in with an OpenID Connect provider, beside the tokens (only with `auth: 'tokens'`). */
  oidc?: OidcSignIn | undefined;
  /** Folder of the built web UI; served at / when present. */
  webRoot?: string | undefined;
  /** Requests per minute per token (or per address without one). */
  rateLimit?: number;
  /**
   * Addresses (or CIDR ranges) of the load balancers in front: a request from one of them is
   * counted by the client address in its X-Forwarded-For, not the balancer's. Never in single-user
   * mode, where a forwarded address could pass for loopback.
   */
  trustProxy?: readonly string[] | undefined;
  logger?: FastifyServerOptions['logger'];
  version?: string;
  /** Where scan jobs go (pg-boss, or the embedded runner); without it "scan now" answers 503. */
  scans?: ScanDispatcher | undefined;
  /** The shared secret of push webhooks (/hooks/github, gitlab, azure-devops); without it they answer 404. */
  webhookSecret?: string | undefined;
  /** Lets repositories be file:// URLs or paths on the server's disk (default: single-user only). */
  localRepositories?: boolean | undefined;
  /** Checks every JSON answer against its route's response schema (default: under `node --test` only). */
  checkResponses?: boolean | undefined;
}

/** What a route module returns: a plugin whose handlers are typed by their zod schemas. */
export type ApiRoutes = FastifyPluginAsyncZod;

/** Who everyone is in single-user mode. */
export const LOCAL_ACTOR: Actor = { teamId: 'local', name: 'local', role: 'admin' };
