/**
 * Signed-in browser sessions (OpenID Connect sign-in). The cookie carries 256 random bits; the
 * database keeps only their SHA-256, so a copy of the database signs nobody in. Every instance
 * over one database sees the same sessions, and a session's team and role are fixed when it is
 * created: a role changed at the identity provider takes effect at the next sign-in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Actor, parseRole, type Role } from './actor.js';
import type { Database } from './schema.js';

export interface SessionInput {
  subject: string;
  name: string;
  email: string | null;
  teamId: string;
  role: Role;
  /** How long the session lasts from now. */
  ttlMs: number;
}

/** The person behind a session, as the server acts for them. */
export interface SessionActor extends Actor {
  readonly subject: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly expiresAt: string;
}

/** SHA-256 of a session id, hex: what the database holds. */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export class Sessions {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates a session and returns its id, shown only this once (it goes into the cookie). */
  async create(input: SessionInput): Promise<{ id: string; expiresAt: string }> {
    const id = randomBytes(32).toString('base64url');
    const at = new Date();
    const expiresAt = new Date(at.getTime() + input.ttlMs).toISOString();
    // The team exists before a session can belong to it (the mapping names teams freely).
    await this.db
      .insertInto('teams')
      .values({ id: input.teamId, name: input.teamId, created_at: at.toISOString() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: hashSessionId(id),
        subject: input.subject,
        name: input.name,
        email: input.email,
        team_id: input.teamId,
        role: input.role,
        created_at: at.toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    // Housekeeping: sessions past their time are of no use to anyone.
    await this.db.deleteFrom('sessions').where('expires_at', '<=', at.toISOString()).execute();
    return { id, expiresAt };
  }

  /** The session's person, or undefined when the id is unknown or the session has expired. */
  async find(id: string): Promise<SessionActor | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id_hash', '=', hashSessionId(id))
      .where('expires_at', '>', new Date().toISOString())
      .executeTakeFirst();
    const role = row ? parseRole(row.role) : undefined;
    if (!row || !role) return undefined;
    return {
      teamId: row.team_id,
      // The audit log names people by e-mail where the provider gives one: names repeat.
      name: row.email ?? row.name,
      role,
      subject: row.subject,
      displayName: row.name,
      email: row.email,
      expiresAt: row.expires_at,
    };
  }

  /** Ends a session (sign-out); true when there was one. */
  async delete(id: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('sessions')
      .where('id_hash', '=', hashSessionId(id))
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
