/**
 * A small loopback proxy in front of a real Prometheus that wants credentials, as nginx or an
 * oauth proxy would: a wrong or missing one gets 401 with a page that echoes the Authorization
 * header it got (so a test can prove the client masks it). Optionally over TLS.
 */
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestServer } from './http.js';

export interface AuthProxyOptions {
  /** Each header that must be present with this value, e.g. { authorization: 'Basic …' }. */
  readonly require: Readonly<Record<string, string>>;
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
}

export async function authProxy(
  target: string,
  options: AuthProxyOptions,
): Promise<TestServer & { requests: number }> {
  const upstream = new URL(target);
  let requests = 0;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    const wrong = Object.entries(options.require).some(([k, v]) => req.headers[k] !== v);
    if (wrong) {
      res.statusCode = 401;
      res.setHeader('www-authenticate', 'Basic realm="prometheus"');
      res.setHeader('content-type', 'text/html');
      res.end(`<html><body>401 Unauthorized: got ${req.headers.authorization ?? 'nothing'}</body></html>`);
      return;
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => {
      res.statusCode = 502;
      res.end('bad gateway');
    });
    req.pipe(forward);
  };
  const server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
