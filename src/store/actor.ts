/** Who acts, and the roles a team member can have: shared by the store and the sessions. */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: every write records it in the audit log. */
export interface Actor {
  readonly teamId: string;
  readonly name: string;
  readonly role: Role;
}

/** A role read back from the database, or undefined when the text is none. */
export function parseRole(text: string): Role | undefined {
  return ROLES.find((r) => r === text);
}
