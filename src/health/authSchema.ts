/**
 * How Waymark authenticates to Prometheus (`source.auth`, and the CLI's auth flags), shaped after
 * Prometheus' own http_config. Secrets are named (an environment variable, a file), never written:
 * the model file is committed.
 */
import { z } from 'zod';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const envName = z.string().regex(ENV_NAME, { message: 'not an environment variable name' });

/** A secret is named, never written: the model file is committed, the environment and files are not. */
const secretObject = z
  .strictObject({ env: envName.optional(), file: z.string().min(1).optional() })
  .refine((s) => (s.env === undefined) !== (s.file === undefined), {
    message: 'give env (a variable name) or file (a path), not both',
  });
// Checked by hand first so that a secret written in the model is refused without being quoted back.
const secretSchema = z.unknown().transform((v, ctx) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    ctx.addIssue({
      code: 'custom',
      message: 'a secret is never written in the model: give { env: VARIABLE } or { file: PATH }',
    });
    return z.NEVER;
  }
  const checked = secretObject.safeParse(v);
  if (!checked.success) {
    for (const issue of checked.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path.map(String) });
    return z.NEVER;
  }
  return checked.data;
});
export type SecretRef = z.output<typeof secretSchema>;

/** A header value: written (`value`, for what is not secret, e.g. a tenant id), or from env or file. */
const headerValueSchema = z
  .strictObject({ value: z.string().optional(), env: envName.optional(), file: z.string().min(1).optional() })
  .refine((h) => [h.value, h.env, h.file].filter((v) => v !== undefined).length === 1, {
    message: 'give one of value, env or file',
  });
export type HeaderRef = z.output<typeof headerValueSchema>;

/** How Waymark authenticates to Prometheus, as Prometheus' own http_config has it. */
export const httpAuthSchema = z
  .strictObject({
    basicAuth: z.strictObject({ username: z.string().min(1), password: secretSchema }).optional(),
    bearerToken: secretSchema.optional(),
    headers: z
      .record(z.string().regex(HEADER_NAME, { message: 'not an HTTP header name' }), headerValueSchema)
      .optional(),
    tls: z
      .strictObject({
        caFile: z.string().min(1).optional(),
        certFile: z.string().min(1).optional(),
        keyFile: z.string().min(1).optional(),
        serverName: z.string().min(1).optional(),
        insecureSkipVerify: z.boolean().optional(),
      })
      .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), {
        message: 'a client certificate needs both certFile and keyFile',
      })
      .optional(),
  })
  .refine((a) => a.basicAuth === undefined || a.bearerToken === undefined, {
    message: 'give basicAuth or bearerToken, not both',
  })
  .refine(
    (a) =>
      !Object.keys(a.headers ?? {}).some((k) => k.toLowerCase() === 'authorization') ||
      (a.basicAuth === undefined && a.bearerToken === undefined),
    { message: 'an Authorization header and basicAuth or bearerToken would both set it' },
  );
export type HttpAuth = z.output<typeof httpAuthSchema>;
