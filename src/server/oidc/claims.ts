/** From an ID token's claims to a Waymark team and role, as the OIDC config maps them. */
import { z } from 'zod';
import type { Role } from '../../store/index.js';
import type { OidcConfig } from './config.js';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };
const ClaimValues = z.union([z.string().transform((s) => [s]), z.array(z.string())]);

/** The person as the ID token describes them. */
export interface Person {
  subject: string;
  name: string;
  email: string | null;
  /** False only when the provider says the e-mail address is not verified. */
  emailVerified: boolean;
  /** The values of the configured claim (groups or roles). */
  values: string[];
}

const Claims = z.looseObject({
  sub: z.string().min(1),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  email: z.string().optional(),
  email_verified: z.boolean().optional(),
});

export function personOf(claims: unknown, claimPath: string): Person | undefined {
  const parsed = Claims.safeParse(claims);
  if (!parsed.success) return undefined;
  let node: unknown = claims;
  for (const part of claimPath.split('.')) {
    const step = z.record(z.string(), z.unknown()).safeParse(node);
    node = step.success ? step.data[part] : undefined;
  }
  const values = ClaimValues.safeParse(node);
  const c = parsed.data;
  return {
    subject: c.sub,
    name: c.name ?? c.preferred_username ?? c.email ?? c.sub,
    email: c.email ?? null,
    emailVerified: c.email_verified !== false,
    values: values.success ? values.data : [],
  };
}

/**
 * The first team in the config's order that one of the person's values maps to, with the highest
 * role the values give in it. An admin-listed person is admin of that team (or of `adminTeam`
 * when nothing maps). Undefined: the person has no team here (403).
 */
export function teamOf(config: OidcConfig, person: Person): { teamId: string; role: Role } | undefined {
  const held = new Set(person.values);
  const matching = config.teams.filter((m) => held.has(m.value));
  // An e-mail address the provider has not verified makes nobody an admin.
  const email = person.emailVerified ? person.email : null;
  const isAdmin = config.admins.some((a) => a === person.subject || (email !== null && a === email));
  const first = matching[0];
  if (!first) return isAdmin && config.adminTeam ? { teamId: config.adminTeam, role: 'admin' } : undefined;
  const role = matching
    .filter((m) => m.team === first.team)
    .reduce<Role>((best, m) => (RANK[m.role] > RANK[best] ? m.role : best), 'viewer');
  return { teamId: first.team, role: isAdmin ? 'admin' : role };
}
