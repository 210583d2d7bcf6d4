import { sql } from 'kysely';
import type { Engine } from '../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../engine/index.js';
import type { HookEvent } from '../../engine/hooks/hooks.js';

/** The customers.status option that means "has bought" (成交客户). */
export const BOUGHT_STATUS = 'active';
/**
 * Statuses a purchase moves to 成交客户: 潜在客户 (the default), and 沉睡 / 流失, which a new purchase
 * ends. 重要客户 (vip) and 成交客户 stay as they are: a purchase never undoes that choice.
 */
export const MOVES_ON_PURCHASE = ['prospect', 'dormant', 'lost'];

/** What counts as a purchase: a deal entering 赢单, a signed (not cancelled) order, a payment. */
function purchaseOf(object: string, e: HookEvent): string | null {
  const r = e.record;
  if (!r || typeof r.customer_id !== 'string') return null;
  if (object === 'deals') return r.stage === 'won' && e.previous?.stage !== 'won' ? r.customer_id : null;
  if (object === 'orders') return !e.previous && r.status !== 'cancelled' ? r.customer_id : null;
  if (object === 'payments') return !e.previous ? r.customer_id : null;
  return null;
}

/**
 * A customer's status follows what they did: the first won deal, signed order or payment makes a
 * 潜在客户 (or 沉睡/流失客户) a 成交客户, in the same transaction, written through the engine (so it
 * is audited, with the cause) by the system. Set-based per batch, so imports of deals stay cheap.
 */
export function registerCustomerStatus(engine: Engine) {
  const apply = (object: string) => async (events: HookEvent[]) => {
    const ids = [...new Set(events.map((e) => purchaseOf(object, e)).filter((id): id is string => !!id))];
    if (!ids.length || !engine.metadata.field('customers', 'status')?.options?.some((o) => o.value === BOUGHT_STATUS)) return;
    const trx = events[0].trx;
    const { rows } = await sql<{ id: string }>`
      SELECT id FROM customers WHERE id = ANY(${sql.val(ids)}::uuid[]) AND status = ANY(${sql.val(MOVES_ON_PURCHASE)}::text[]) AND deleted_at IS NULL`.execute(trx);
    // One UPDATE for the batch: an import of deals won for thousands of customers is not thousands of writes.
    await engine.records.bulk.update(trx, engine.metadata.get('customers'), rows.map(({ id }) => ({ id, values: { status: BOUGHT_STATUS } })), SYSTEM_CONTEXT, {
      causeOf: (id) => ({ customerStatus: { object, recordIds: events.filter((e) => e.record?.customer_id === id).map((e) => e.record!.id) } }),
    });
  };
  for (const object of ['deals', 'orders', 'payments']) {
    engine.hooks.onBatch(object, 'afterCreate', apply(object));
    engine.hooks.onBatch(object, 'afterUpdate', apply(object));
  }
}
