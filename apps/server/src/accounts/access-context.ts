import { rolePermissionsSchema } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { AccessContext } from '../engine/permissions/access.js';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: string;
  role_id: string;
  team_id: string | null;
  /** The password was generated for the user: writes wait until it is changed. */
  must_change_password?: boolean;
}

const CACHE_MS = 5000;
const cache = new Map<string, { at: number; ctx: AccessContext }>();

/** Drops cached contexts, e.g. after a role, team or user change. */
export function forgetAccessContexts() {
  cache.clear();
}

/**
 * Permissions of the user's role and the members of the user's team and all its sub-teams
 * (the 'team' scope). Cached for a few seconds: each request needs it, it rarely changes.
 */
export async function buildAccessContext(db: Kysely<Database>, user: SessionUser): Promise<AccessContext> {
  const cached = cache.get(user.id);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.ctx;
  const role = await db.selectFrom('roles').select('permissions').where('id', '=', user.role_id).executeTakeFirstOrThrow();
  let teamUserIds = [user.id];
  if (user.team_id) {
    const { rows } = await sql<{ id: string }>`
      WITH RECURSIVE subtree AS (
        SELECT id FROM teams WHERE id = ${user.team_id}
        UNION SELECT t.id FROM teams t JOIN subtree s ON t.parent_id = s.id
      )
      SELECT u.id FROM users u WHERE u.team_id IN (SELECT id FROM subtree)`.execute(db);
    teamUserIds = [...new Set([user.id, ...rows.map((r) => r.id)])];
  }
  const ctx: AccessContext = {
    userId: user.id,
    permissions: rolePermissionsSchema.parse(role.permissions),
    teamUserIds,
    locale: user.locale,
  };
  cache.set(user.id, { at: Date.now(), ctx });
  return ctx;
}
