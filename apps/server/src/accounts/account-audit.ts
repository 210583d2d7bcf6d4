import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { auditConfigChange, type SettingsArea } from '../engine/audit/audit.js';

/**
 * Users, teams and roles as the audit log shows them: names instead of ids, taken when the change
 * is made, so an entry still reads right after a team or role is renamed or deleted.
 */
type Snapshot = Record<string, unknown>;

export async function userSnapshot(db: Kysely<Database>, id: string): Promise<Snapshot | null> {
  const row = await db
    .selectFrom('users as u')
    .leftJoin('roles as r', 'r.id', 'u.role_id')
    .leftJoin('teams as t', 't.id', 'u.team_id')
    .select(['u.email', 'u.name', 'u.locale', 'u.active', 'u.external_id', 'r.name_zh', 'r.name_en', 't.name as team'])
    .where('u.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return { email: row.email, name: row.name, role: row.name_zh ? { zh: row.name_zh, en: row.name_en } : null, team: row.team, locale: row.locale, active: row.active, externalId: row.external_id };
}

export async function teamSnapshot(db: Kysely<Database>, id: string): Promise<Snapshot | null> {
  const row = await db
    .selectFrom('teams as t')
    .leftJoin('teams as p', 'p.id', 't.parent_id')
    .leftJoin('users as l', 'l.id', 't.lead_user_id')
    .select(['t.name', 'p.name as parent', 'l.name as lead'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  return row ? { name: row.name, parentTeam: row.parent, lead: row.lead } : null;
}

export async function roleSnapshot(db: Kysely<Database>, id: string): Promise<Snapshot | null> {
  const row = await db.selectFrom('roles').select(['key', 'name_zh', 'name_en', 'permissions']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const permissions = typeof row.permissions === 'string' ? JSON.parse(row.permissions) : row.permissions;
  return { key: row.key, nameZh: row.name_zh, nameEn: row.name_en, admin: Boolean(permissions?.admin), permissions };
}

/** Audits a user, team or role going from `before` to `after` (null: created or deleted), named as it is or was. */
export async function auditAccountChange(db: Kysely<Database>, area: Extract<SettingsArea, 'users' | 'teams' | 'roles'>, actorId: string | null, id: string, before: Snapshot | null, after: Snapshot | null, extra: Record<string, { from: unknown; to: unknown }> = {}) {
  const subject = String((after ?? before)?.name ?? (after ?? before)?.nameZh ?? id);
  await auditConfigChange(db, area, actorId, { id, name: subject }, before, after, extra);
}
