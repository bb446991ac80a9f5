/**
 * The auth flags of the health commands: credentials and TLS for Prometheus, read from the
 * environment or a file, turned into a model's source.auth and checked by the same schema.
 */
import type { Command } from 'commander';
import { InputError, quote } from '../../diagnostics/index.js';
import type { HttpAuth, httpAuthSchema } from '../../health/index.js';

export interface HealthAuthOptions {
  basicAuth?: string;
  passwordEnv?: string;
  passwordFile?: string;
  bearerTokenEnv?: string;
  bearerTokenFile?: string;
  header?: string[];
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  serverName?: string;
  insecureSkipVerify?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function withAuth(cmd: Command): Command {
  return cmd
    .option(
      '--basic-auth <user>',
      'basic auth to Prometheus as this user; the password from --password-env or --password-file',
    )
    .option('--password-env <var>', 'the basic-auth password is in this environment variable')
    .option('--password-file <file>', 'the basic-auth password is in this file')
    .option('--bearer-token-env <var>', 'send the bearer token in this environment variable')
    .option('--bearer-token-file <file>', 'send the bearer token in this file')
    .option(
      '--header <name=value>',
      'send this header to Prometheus; the value may be env:VAR or file:PATH (repeatable)',
      collect,
    )
    .option('--ca-file <file>', 'trust this CA for an https Prometheus')
    .option('--cert-file <file>', 'client certificate (with --key-file)')
    .option('--key-file <file>', 'client key (with --cert-file)')
    .option('--server-name <name>', 'the name to check the server certificate against')
    .option('--insecure-skip-verify', 'do not check the server certificate (tests only)')
    .addHelpText(
      'after',
      "\nThe auth flags take secrets from the environment or a file, never as arguments, and no secret\nis ever printed; a password in the source URL (http://user:pass@host) is sent as basic auth and\nmasked. Auth flags replace the model's source.auth.\n",
    );
}

/** The auth flags as a model's source.auth, checked by the same schema; undefined when none is given. */
export function authFromFlags(schema: typeof httpAuthSchema, opts: HealthAuthOptions): HttpAuth | undefined {
  const secret = (env: string | undefined, file: string | undefined) =>
    env !== undefined || file !== undefined
      ? { ...(env !== undefined ? { env } : {}), ...(file !== undefined ? { file } : {}) }
      : undefined;
  const password = secret(opts.passwordEnv, opts.passwordFile);
  const token = secret(opts.bearerTokenEnv, opts.bearerTokenFile);
  if (password && opts.basicAuth === undefined)
    throw new InputError('--password-env and --password-file go with --basic-auth USER');
  if (opts.basicAuth !== undefined && !password)
    throw new InputError('--basic-auth needs --password-env VAR or --password-file FILE');
  const headers: Record<string, { value: string } | { env: string } | { file: string }> = {};
  for (const text of opts.header ?? []) {
    const eq = text.indexOf('=');
    if (eq < 1) throw new InputError(`--header expects name=value, got ${quote(text.split('=')[0] ?? '')}…`);
    const name = text.slice(0, eq);
    const value = text.slice(eq + 1);
    headers[name] = value.startsWith('env:')
      ? { env: value.slice(4) }
      : value.startsWith('file:')
        ? { file: value.slice(5) }
        : { value };
  }
  const tls = {
    ...(opts.caFile !== undefined ? { caFile: opts.caFile } : {}),
    ...(opts.certFile !== undefined ? { certFile: opts.certFile } : {}),
    ...(opts.keyFile !== undefined ? { keyFile: opts.keyFile } : {}),
    ...(opts.serverName !== undefined ? { serverName: opts.serverName } : {}),
    ...(opts.insecureSkipVerify ? { insecureSkipVerify: true } : {}),
  };
  const given = {
    ...(opts.basicAuth !== undefined && password
      ? { basicAuth: { username: opts.basicAuth, password } }
      : {}),
    ...(token ? { bearerToken: token } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(Object.keys(tls).length ? { tls } : {}),
  };
  if (Object.keys(given).length === 0) return undefined;
  const checked = schema.safeParse(given);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new InputError(
      `auth flags: ${issue?.path.join('.') || ''}${issue?.path.length ? ': ' : ''}${issue?.message ?? 'invalid'}`,
    );
  }
  return checked.data;
}
