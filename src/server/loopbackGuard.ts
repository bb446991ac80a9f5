import type { FastifyInstance } from 'fastify';
import { HttpError, shown } from './errors.js';

/** localhost, 127.0.0.0/8 and [::1], with an optional port: the names a loopback server has. */
const LOOPBACK_HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::(\d{1,5}))?$/i;
/** How a browser writes the origin of a page served by a loopback server over HTTP. */
const LOOPBACK_ORIGIN = /^http:\/\/(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::(\d{1,5}))?$/i;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Single-user mode has no credentials, so the address alone must keep other sites out:
 * - Host must be a loopback name, or a page of another site that resolves its own name to
 *   127.0.0.1 (DNS rebinding) could read and write as the local admin;
 * - a write that carries an Origin must come from this server's own pages: a browser sends
 *   Origin with every cross-site POST, PUT, PATCH and DELETE, even those it does not preflight.
 * Tools (curl, the CLI) send no Origin and are let through.
 */
export function loopbackGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    // The port the connection came in on; unknown only for in-process requests (inject).
    const port = req.socket.localPort;
    const host = req.headers.host ?? '';
    if (!matchesLoopback(LOOPBACK_HOST, host, port, undefined)) {
      throw new HttpError(
        421,
        'misdirected_request',
        `this single-user server answers only to localhost, 127.0.0.1 or [::1]${port ? ` on port ${port}` : ''}, not to Host "${shown(host, 80)}"`,
      );
    }
    const origin = req.headers.origin;
    if (
      origin !== undefined &&
      !READS.has(req.method) &&
      !matchesLoopback(LOOPBACK_ORIGIN, origin, port, 80)
    ) {
      throw new HttpError(
        403,
        'forbidden',
        `this single-user server takes changes only from its own pages, not from Origin "${shown(origin, 80)}"`,
      );
    }
  });
}

/** The text is a loopback name on `port` (or with no port, which means `defaultPort`). */
function matchesLoopback(
  pattern: RegExp,
  text: string,
  port: number | undefined,
  defaultPort: number | undefined,
): boolean {
  const m = pattern.exec(text);
  if (!m) return false;
  if (port === undefined) return true;
  const given = m[1] === undefined ? defaultPort : Number(m[1]);
  return given === undefined || given === port;
}
