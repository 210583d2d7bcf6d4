import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { requireScope, scopeCondition, scopeFor, type AccessContext } from '../../engine/permissions/access.js';
import { ApiError, notFound } from '../../http/errors.js';

/** Objects with a public pool (公海): records whose owner_id is null. */
export const POOL_OBJECTS = ['customers', 'leads'] as const;
export type PoolObject = (typeof POOL_OBJECTS)[number];

export function poolObject(object: string): PoolObject {
  if (!(POOL_OBJECTS as readonly string[]).includes(object)) throw notFound(`public pool of '${object}'`);
  return object as PoolObject;
}

/**
 * The access a pool action runs with: the user's own, widened for this one object so that records
 * without an owner are in reach (the read scope of a rep covers only owned records) and the owner
 * field may be set to the user or cleared. Callers first lock the row and check it really is in the
 * pool (claim) or the user's own (release), so nothing beyond that record is opened up.
 */
export function poolAccess(access: AccessContext, object: PoolObject, action: 'read' | 'write'): AccessContext {
  requireScope(access, object, 'read');
  if (action === 'write') requireScope(access, object, 'update');
  const scopes = access.permissions.objects[object] ?? access.permissions.objects['*'] ?? {};
  const widened = action === 'read' ? { ...scopes, read: 'all' as const } : { ...scopes, read: 'all' as const, update: 'all' as const };
  // Field rules list only restricted fields; dropping owner_id's rule lets the pool action set it.
  const { owner_id: _owner, ...objectFields } = access.permissions.fields[object] ?? {};
  const fields = action === 'write' ? { ...access.permissions.fields, [object]: objectFields } : access.permissions.fields;
  return { ...access, permissions: { ...access.permissions, objects: { ...access.permissions.objects, [object]: widened }, fields } };
}

/** Whether the user may release records of others (update scope 'all', e.g. administrators and managers of everything). */
export const mayReleaseAny = (access: AccessContext, object: PoolObject) => scopeFor(access, object, 'update') === 'all';

/**
 * The record's owner under a row lock, so two claims of one record run one after the other. The
 * owner's name only when the user may read the record in their own scope: a record outside it
 * must not tell who has it.
 */
export async function lockOwner(trx: Kysely<Database>, object: PoolObject, id: string, access: AccessContext) {
  const { rows } = await sql<{ owner_id: string | null; readable: boolean }>`
    SELECT t.owner_id, (${scopeCondition(access, object, 'read')}) AS readable
    FROM ${sql.table(object)} AS t WHERE t.id = ${id} AND t.deleted_at IS NULL FOR UPDATE`.execute(trx);
  if (!rows[0]) throw notFound(`${object} record ${id}`);
  const ownerId = rows[0].owner_id;
  const owner = ownerId && rows[0].readable ? await trx.selectFrom('users').select(['id', 'name']).where('id', '=', ownerId).executeTakeFirst() : null;
  return { ownerId, ownerName: owner?.name ?? null };
}

export const alreadyClaimed = (name: string | null) =>
  name
    ? new ApiError('conflict', `已被 ${name} 领取（already claimed by ${name}）`, [{ path: 'owner_id', message: `already claimed by ${name}` }])
    : new ApiError('conflict', '已被他人领取（already claimed by another user）', [{ path: 'owner_id', message: 'already claimed by another user' }]);
