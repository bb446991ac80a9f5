/**
 * The OpenID Connect settings of `waymark serve --oidc-config <file>`: checked in full at start-up
 * so that a bad file stops the server with a clear message (exit 2), never at the first sign-in.
 * The client secret never lives in the file: it comes from WAYMARK_OIDC_CLIENT_SECRET or from a
 * file the config names, and no message ever quotes it.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../../diagnostics/index.js';
import { ROLES } from '../../store/index.js';

const TEAM_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Plain HTTP only on loopback (a test or a laptop); anything else must be HTTPS. */
const httpsUrl = (what: string) =>
  z.url({ error: `${what} must be a URL` }).refine((s) => {
    const u = new URL(s);
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
  }, `${what} must be an https:// URL (http:// only on a loopback address)`);

export const OidcConfigSchema = z.strictObject({
  /** The issuer, as in its /.well-known/openid-configuration. */
  issuer: httpsUrl('issuer'),
  clientId: z.string().min(1),
  /** A file holding the client secret; WAYMARK_OIDC_CLIENT_SECRET wins when set. */
  clientSecretFile: z.string().min(1).optional(),
  /** Where the provider sends the browser back: this server's /auth/callback. */
  redirectUrl: httpsUrl('redirectUrl').refine(
    (s) => new URL(s).pathname === '/auth/callback',
    'redirectUrl must end in /auth/callback (the path Waymark answers)',
  ),
  scopes: z.array(z.string().regex(/^\S+$/)).default(['openid', 'profile', 'email']),
  /** The ID-token claim holding groups or roles; a dotted path reaches nested claims (realm_access.roles). */
  claim: z.string().min(1).default('groups'),
  /** Claim values → team and role. The first matching team in this order is the user's team. */
  teams: z
    .array(
      z.strictObject({
        value: z.string().min(1),
        team: z.string().regex(TEAM_ID, 'team must be lower-case letters, digits and dashes'),
        role: z.enum(ROLES),
      }),
    )
    .min(1, 'teams must map at least one claim value to a team'),
  /** Subjects (`sub`) or e-mail addresses that are admins of their team whatever their claims say. */
  admins: z.array(z.string().min(1)).default([]),
  /** The team of an admin whose claims map to none. */
  adminTeam: z.string().regex(TEAM_ID, 'adminTeam must be lower-case letters, digits and dashes').optional(),
  /** How long a sign-in lasts. */
  sessionHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(8),
});
export type OidcConfig = z.infer<typeof OidcConfigSchema>;

/** The settings and the secret, ready for the server. */
export interface OidcSettings {
  readonly config: OidcConfig;
  /** Undefined for a public client (PKCE alone). */
  readonly clientSecret: string | undefined;
}

/**
 * Parses the config file's text (YAML or JSON). `readSecretFile` reads the secret file; the
 * environment's secret, when given, takes its place.
 */
export function parseOidcConfig(
  text: string,
  file: string,
  envSecret: string | undefined,
  readSecretFile: (path: string) => string,
): OidcSettings {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new InputError(`not valid YAML or JSON: ${err instanceof Error ? err.message : String(err)}`, {
      file,
    });
  }
  const parsed = OidcConfigSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new InputError(`OIDC config: ${where}${issue?.message ?? 'not valid'}`, { file });
  }
  const config = parsed.data;
  let clientSecret = envSecret?.trim() || undefined;
  if (!clientSecret && config.clientSecretFile) {
    try {
      clientSecret = readSecretFile(config.clientSecretFile).trim() || undefined;
    } catch {
      // The secret file's content is never part of a message; only its name is.
      throw new InputError(`cannot read the client secret file ${config.clientSecretFile}`, { file });
    }
    if (!clientSecret)
      throw new InputError(`the client secret file ${config.clientSecretFile} is empty`, { file });
  }
  return { config, clientSecret };
}
