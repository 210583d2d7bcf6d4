import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../../engine/permissions/access.js';

const CHUNK = 1000;

/** Issued coupons whose validity ended before `asOf` become expired, audited as the system's change. Returns how many. */
export async function expireCoupons(db: Kysely<Database>, engine: Engine, asOf = new Date().toISOString().slice(0, 10)): Promise<number> {
  const meta = engine.metadata.get('coupons');
  let total = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string }>`
        SELECT id FROM coupons WHERE status = 'issued' AND valid_until < ${asOf}::date AND deleted_at IS NULL ORDER BY id LIMIT ${CHUNK}`.execute(trx);
      await engine.records.bulk.update(trx, meta, rows.map(({ id }) => ({ id, values: { status: 'expired' } })), SYSTEM_CONTEXT, { cause: { couponExpiry: asOf } });
      return rows.length;
    });
    total += done;
    if (done < CHUNK) return total;
  }
}
