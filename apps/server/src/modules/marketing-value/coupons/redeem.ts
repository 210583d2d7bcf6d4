import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { requireScope, scopeCondition, SYSTEM_CONTEXT, type AccessContext } from '../../../engine/permissions/access.js';
import { ApiError, badRequest } from '../../../http/errors.js';

const today = () => new Date().toISOString().slice(0, 10);

interface CouponRow {
  id: string;
  status: string;
  valid_from: string | Date | null;
  valid_until: string | Date;
  customer_id: string | null;
}
const day = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/**
 * Redeems a coupon by its code on an order the user may update. The code is the bearer's proof,
 * so the coupon is read and written as the system (audited with the user as the cause); the row is
 * locked first, so of two redemptions at once one wins and the other gets 409.
 */
export async function redeemCoupon(db: Kysely<Database>, engine: Engine, ctx: AccessContext, code: string, orderId: string, asOf = today()) {
  const order = await engine.records.get('orders', orderId, ctx);
  requireScope(ctx, 'orders', 'update');
  const { rows: mayUpdate } = await sql`SELECT 1 FROM orders t WHERE t.id = ${orderId} AND ${scopeCondition(ctx, 'orders', 'update')}`.execute(db);
  if (!mayUpdate.length) throw new ApiError('forbidden', 'you may not change this order');
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<CouponRow>`
      SELECT id, status, valid_from, valid_until, customer_id FROM coupons
      WHERE code = ${code.trim().toUpperCase()} AND deleted_at IS NULL FOR UPDATE`.execute(trx);
    const coupon = rows[0];
    if (!coupon) throw badRequest('no coupon has this code', [{ path: 'code', message: 'unknown code' }]);
    if (coupon.status === 'redeemed') throw new ApiError('conflict', 'this coupon was already redeemed', [{ path: 'code', message: 'already redeemed' }]);
    if (coupon.status === 'expired' || day(coupon.valid_until)! < asOf) throw new ApiError('validation_failed', 'this coupon has expired', [{ path: 'code', message: `expired on ${day(coupon.valid_until)}` }]);
    if (coupon.valid_from && day(coupon.valid_from)! > asOf) throw new ApiError('validation_failed', 'this coupon is not valid yet', [{ path: 'code', message: `valid from ${day(coupon.valid_from)}` }]);
    if (coupon.customer_id && order.customer_id && coupon.customer_id !== order.customer_id) {
      throw new ApiError('validation_failed', 'this coupon was issued to another customer', [{ path: 'orderId', message: 'the order is for another customer' }]);
    }
    const [written] = await engine.records.bulk.update(trx, engine.metadata.get('coupons'), [
      { id: coupon.id, values: { status: 'redeemed', order_id: orderId, redeemed_at: new Date().toISOString() } },
    ], SYSTEM_CONTEXT, { cause: { couponRedeemedBy: ctx.userId, orderId } });
    return written.record;
  });
}
