import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { auditConfigChange } from '../../engine/audit/audit.js';
import { ApiError } from '../../http/errors.js';
import { POOL_OBJECTS, type PoolObject } from './pool-access.js';

/** pool_caps typed here so the shared db/types.ts stays as it is. */
interface PoolCapsTable {
  role_id: string;
  object: string;
  max_owned: number;
}
const capsDb = (db: Kysely<Database>) => db as unknown as Kysely<{ pool_caps: PoolCapsTable }>;

const LABELS: Record<PoolObject, string> = { customers: '客户', leads: '线索' };

export interface PoolCap {
  roleId: string;
  object: PoolObject;
  maxOwned: number;
}

export async function listCaps(db: Kysely<Database>): Promise<PoolCap[]> {
  const rows = await capsDb(db).selectFrom('pool_caps').selectAll().orderBy('object').execute();
  return rows.map((r) => ({ roleId: r.role_id, object: r.object as PoolObject, maxOwned: r.max_owned }));
}

/** Replaces the caps of the roles and objects named (maxOwned null removes a cap: no limit). */
export async function saveCaps(db: Kysely<Database>, caps: { roleId: string; object: PoolObject; maxOwned: number | null }[], actorId: string | null) {
  await db.transaction().execute(async (trx) => {
    const before = await listCaps(trx);
    for (const cap of caps) {
      await capsDb(trx).deleteFrom('pool_caps').where('role_id', '=', cap.roleId).where('object', '=', cap.object).execute();
      if (cap.maxOwned !== null) await capsDb(trx).insertInto('pool_caps').values({ role_id: cap.roleId, object: cap.object, max_owned: cap.maxOwned }).execute();
    }
    await auditCaps(trx, actorId, before, await listCaps(trx));
  });
}

/** One entry per role whose caps changed, one line per object ("客户领取上限: — → 50"). */
async function auditCaps(db: Kysely<Database>, actorId: string | null, before: PoolCap[], after: PoolCap[]) {
  const byRole = (caps: PoolCap[], roleId: string) => Object.fromEntries(caps.filter((c) => c.roleId === roleId).map((c) => [c.object, c.maxOwned]));
  const roleIds = [...new Set([...before, ...after].map((c) => c.roleId))];
  if (!roleIds.length) return;
  const roles = await db.selectFrom('roles').select(['id', 'name_zh', 'name_en']).where('id', 'in', roleIds).execute();
  for (const role of roles) {
    await auditConfigChange(db, 'poolCaps', actorId, { id: role.id, name: { zh: role.name_zh, en: role.name_en } }, byRole(before, role.id), byRole(after, role.id));
  }
}

/** The user's owned live records and cap per pool object (cap null: no limit). */
export async function usage(db: Kysely<Database>, userId: string) {
  const user = await db.selectFrom('users').select('role_id').where('id', '=', userId).executeTakeFirstOrThrow();
  const caps = await capsDb(db).selectFrom('pool_caps').selectAll().where('role_id', '=', user.role_id).execute();
  const out: Record<string, { owned: number; cap: number | null }> = {};
  for (const object of POOL_OBJECTS) {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(object)} WHERE owner_id = ${userId} AND deleted_at IS NULL`.execute(db);
    out[object] = { owned: Number(rows[0].n), cap: caps.find((c) => c.object === object)?.max_owned ?? null };
  }
  return out;
}

/** Refuses a claim that would take the user past their role's cap (the caller holds the user's row lock). */
export async function checkCap(trx: Kysely<Database>, userId: string, object: PoolObject) {
  const { rows } = await sql<{ max_owned: number | null; owned: string }>`
    SELECT c.max_owned, (SELECT count(*) FROM ${sql.table(object)} t WHERE t.owner_id = u.id AND t.deleted_at IS NULL) AS owned
    FROM users u LEFT JOIN pool_caps c ON c.role_id = u.role_id AND c.object = ${object}
    WHERE u.id = ${userId}`.execute(trx);
  const cap = rows[0]?.max_owned;
  const owned = Number(rows[0]?.owned ?? 0);
  if (cap !== null && cap !== undefined && owned >= cap) {
    throw new ApiError('validation_failed', `已达到领取上限：你的角色最多可拥有 ${cap} 条${LABELS[object]}，当前 ${owned} 条（cap of ${cap} ${object} reached）`, [
      { path: 'cap', message: `at most ${cap} ${object} per rep of this role; you own ${owned}` },
    ]);
  }
}
