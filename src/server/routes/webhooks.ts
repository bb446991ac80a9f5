/**
 * Push webhooks: GitHub (`X-Hub-Signature-256`), GitLab (`X-Gitlab-Token`) and Azure DevOps (basic
 * authentication), verified with the
 * server's shared secret over the raw body before anything else is read. A push creates a scan
 * job for every registered repository with that URL and branch. Outside /api: the secret is the
 * authentication, not a token.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pushEvent, verifyWebhook, type WebhookProvider } from '../../jobs/index.js';
import { RepositoryStore } from '../../store/index.js';
import { badRequest, HttpError } from '../errors.js';
import type { ServerOptions } from '../serverContext.js';

export function webhookRoutes(opts: ServerOptions) {
  const repos = new RepositoryStore(opts.store.db);
  return async (hooks: FastifyInstance) => {
    // The signature is over the bytes as sent: keep them, parse after verifying.
    hooks.removeContentTypeParser('application/json');
    hooks.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );

    const receive = (provider: WebhookProvider) => async (req: FastifyRequest) => {
      const secret = opts.webhookSecret;
      if (!secret) throw new HttpError(404, 'not_found', 'webhooks are not configured on this server');
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifyWebhook(provider, secret, body, req.headers))
        throw new HttpError(401, 'unauthorized', 'the webhook signature does not match the shared secret');
      const kind = provider === 'github' ? req.headers['x-github-event'] : req.headers['x-gitlab-event'];
      if (provider === 'github' && kind === 'ping') return { jobs: 0, ignored: 'ping' };
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        throw badRequest('the webhook body is not JSON');
      }
      const event = pushEvent(provider, payload);
      if (!event) return { jobs: 0, ignored: 'not a branch push' };
      const matches = (await Promise.all(event.branches.map((b) => repos.findByUrl(event.urls, b)))).flat();
      if (matches.length > 0 && !opts.scans)
        throw new HttpError(503, 'unavailable', 'this server runs no scan jobs');
      for (const repo of matches) await opts.scans?.submit(repo, 'push');
      return { jobs: matches.length };
    };

    hooks.post('/hooks/github', { schema: { hide: true } }, receive('github'));
    hooks.post('/hooks/gitlab', { schema: { hide: true } }, receive('gitlab'));
    hooks.post('/hooks/azure-devops', { schema: { hide: true } }, receive('azure-devops'));
  };
}
