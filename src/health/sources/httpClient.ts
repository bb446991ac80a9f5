/**
 * HTTP for metric sources, with what fetch in Node cannot do: credentials taken from a URL, a
 * CA, a client certificate, a server name. Built on node:http(s). Every reason it gives has the
 * secrets it was handed masked, so a proxy echoing the Authorization header cannot leak it.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../../diagnostics/index.js';
import type { HeaderRef, HttpAuth, SecretRef } from '../authSchema.js';
import { excerpt } from '../messages.js';
import { redactText } from '../redact.js';
import type { QueryFailure } from './types.js';

export interface HttpClient {
  /** The URL without its credentials, for requests and messages. */
  readonly url: string;
  /** How it authenticates, without the secret: `basic auth as waymark`, `bearer token`. */
  readonly identity?: string;
  send(request: HttpRequest): Promise<HttpAnswer | QueryFailure>;
  /** Masks the secrets this client was given. */
  redact(text: string): string;
}

export interface HttpRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
}

export interface HttpAnswer {
  readonly ok: true;
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string;
  readonly text: string;
}

export interface ClientContext {
  /** Relative files are relative to this folder (the model's). */
  readonly baseDir: string;
  /** Where the settings came from, for messages: the model file, or `--source`. */
  readonly origin: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Reads every secret now, so a missing variable or file is a clear error before the first query. */
export function httpClient(url: string, auth: HttpAuth | undefined, context: ClientContext): HttpClient {
  const env = context.env ?? process.env;
  const parsed = new URL(url);
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  let identity: string | undefined;
  const keep = (value: string) => {
    secrets.push(value);
    return value;
  };
  const read = (ref: SecretRef | HeaderRef, what: string): string => {
    if ('value' in ref && ref.value !== undefined) return ref.value;
    if (ref.env !== undefined) {
      const v = env[ref.env];
      if (v === undefined || v === '')
        throw new InputError(`${what}: the environment variable ${ref.env} is not set`, {
          file: context.origin,
        });
      return keep(v);
    }
    const file = isAbsolute(ref.file ?? '') ? (ref.file ?? '') : resolve(context.baseDir, ref.file ?? '');
    try {
      // One trailing newline is the editor's, not the secret's.
      return keep(readFileSync(file, 'utf8').replace(/\r?\n$/, ''));
    } catch (err) {
      throw new InputError(
        `${what}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        {
          file,
        },
      );
    }
  };
  if (parsed.username !== '' || parsed.password !== '') {
    if (auth?.basicAuth || auth?.bearerToken)
      throw new InputError('credentials in the URL and in auth: give them once', { file: context.origin });
    const user = decodeURIComponent(parsed.username);
    const password = keep(decodeURIComponent(parsed.password));
    secrets.push(parsed.password);
    headers.authorization = keep(`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
    identity = `basic auth as ${excerpt(user, 40)}`;
    parsed.username = '';
    parsed.password = '';
  }
  if (auth?.basicAuth) {
    const password = read(auth.basicAuth.password, 'auth.basicAuth.password');
    const basic = Buffer.from(`${auth.basicAuth.username}:${password}`).toString('base64');
    headers.authorization = keep(`Basic ${basic}`);
    secrets.push(basic);
    identity = `basic auth as ${excerpt(auth.basicAuth.username, 40)}`;
  }
  if (auth?.bearerToken) {
    headers.authorization = keep(`Bearer ${read(auth.bearerToken, 'auth.bearerToken')}`);
    identity = 'bearer token';
  }
  for (const [name, ref] of Object.entries(auth?.headers ?? {}))
    headers[name.toLowerCase()] = read(ref, `auth.headers.${name}`);
  const tlsFile = (f: string | undefined, what: string) => {
    if (f === undefined) return undefined;
    const file = isAbsolute(f) ? f : resolve(context.baseDir, f);
    try {
      return readFileSync(file);
    } catch (err) {
      throw new InputError(
        `auth.tls.${what}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        {
          file,
        },
      );
    }
  };
  const tls = auth?.tls;
  const ca = tlsFile(tls?.caFile, 'caFile');
  const cert = tlsFile(tls?.certFile, 'certFile');
  const key = tlsFile(tls?.keyFile, 'keyFile');
  const base = parsed.toString().replace(/\/+$/, '');
  const redact = (text: string) => redactText(text, secrets);
  return {
    url: base,
    ...(identity ? { identity } : {}),
    redact,
    send(req) {
      return new Promise((done) => {
        const target = new URL(req.url);
        const options = {
          method: req.method,
          headers: { ...req.headers, ...headers },
          ...(target.protocol === 'https:'
            ? {
                ...(ca ? { ca } : {}),
                ...(cert ? { cert } : {}),
                ...(key ? { key } : {}),
                ...(tls?.serverName ? { servername: tls.serverName } : {}),
                rejectUnauthorized: tls?.insecureSkipVerify !== true,
              }
            : {}),
        };
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
        let timedOut = false;
        const r = send(target, options, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', fail);
          res.on('end', () => {
            clearTimeout(timer);
            done({
              ok: true,
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              contentType: String(res.headers['content-type'] ?? ''),
              text: Buffer.concat(chunks).toString('utf8'),
            });
          });
        });
        const timer = setTimeout(() => {
          timedOut = true;
          r.destroy();
        }, req.timeoutMs);
        function fail(err: NodeJS.ErrnoException) {
          clearTimeout(timer);
          if (timedOut)
            return done({
              ok: false,
              problem: 'timeout',
              reason: `no answer from ${excerpt(base)} within ${req.timeoutMs} ms`,
            });
          const cause = err.code ?? err.message;
          done({
            ok: false,
            problem: 'down',
            reason: redact(`cannot reach ${excerpt(base)}: ${excerpt(cause)}`),
          });
        }
        r.on('error', fail);
        r.end(req.body);
      });
    },
  };
}
