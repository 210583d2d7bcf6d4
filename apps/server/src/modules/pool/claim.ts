import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext, Engine } from '../../engine/index.js';
import { ApiError, forbidden } from '../../http/errors.js';
import { checkCap } from './caps.js';
import { alreadyClaimed, lockOwner, mayReleaseAny, poolAccess, type PoolObject } from './pool-access.js';

/**
 * Claims a pool record for the user. One transaction: lock the user's row (their claims queue up, so
 * the cap holds), lock the record's row (two reps claiming it queue up; the second sees the first's
 * owner and gets "已被 X 领取", or "已被他人领取" when the record is outside their read scope), check the cap, then write through the engine (hooks, audit, outbox).
 */
export async function claim(db: Kysely<Database>, engine: Engine, access: AccessContext, object: PoolObject, id: string) {
  if (!access.userId) throw forbidden('only a user can claim records');
  const ctx = poolAccess(access, object, 'write');
  await engine.records.object(object);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT id FROM users WHERE id = ${access.userId} FOR UPDATE`.execute(trx);
    const { ownerId, ownerName } = await lockOwner(trx, object, id, access);
    if (ownerId === access.userId) throw new ApiError('conflict', '该记录已在你的名下（already yours）', [{ path: 'owner_id', message: 'already yours' }]);
    if (ownerId) throw alreadyClaimed(ownerName);
    await checkCap(trx, access.userId!, object);
    const record = await engine.records.update(object, id, { owner_id: access.userId }, ctx, { trx, cause: { pool: 'claim' } });
    // The "no follow-up for N days" recycling counts from the claim, not from before the record was in the pool.
    await sql`UPDATE ${sql.table(object)} SET last_activity_at = now() WHERE id = ${id}`.execute(trx);
    return record;
  });
}

/** Returns a record to the pool: the owner may, and so may users whose update scope is 'all'. */
export async function release(db: Kysely<Database>, engine: Engine, access: AccessContext, object: PoolObject, id: string) {
  const ctx = poolAccess(access, object, 'write');
  await engine.records.object(object);
  return db.transaction().execute(async (trx) => {
    const { ownerId } = await lockOwner(trx, object, id, access);
    if (ownerId === null) throw new ApiError('conflict', '该记录已在公海中（already in the pool）', [{ path: 'owner_id', message: 'already in the pool' }]);
    if (ownerId !== access.userId && !mayReleaseAny(access, object)) throw forbidden('只能退回自己名下的记录（you may only release your own records）');
    return engine.records.update(object, id, { owner_id: null }, ctx, { trx, cause: { pool: 'release' } });
  });
}
