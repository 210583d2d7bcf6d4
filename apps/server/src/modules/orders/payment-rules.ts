import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import type { HookEvent } from '../../engine/hooks/hooks.js';
import { badRequest } from '../../http/errors.js';
import { lineSums, registerLineItems } from '../quotes/line-items.js';
import { documentNumber } from '../quotes/quote-rules.js';

type Money = { amount: number; currency: string };

interface OrderRow {
  id: string;
  owner_id: string | null;
  customer_id: string;
  deal_id: string | null;
  total_amount: string;
  total_amount_currency: string;
  received_amount: string | null;
}

async function lockOrder(trx: Kysely<Database>, orderId: string): Promise<OrderRow> {
  const { rows } = await sql<OrderRow>`
    SELECT id, owner_id, customer_id, deal_id, total_amount, trim(total_amount_currency) AS total_amount_currency, received_amount
    FROM orders WHERE id = ${orderId} AND deleted_at IS NULL FOR UPDATE`.execute(trx);
  if (!rows[0]) throw badRequest('no such order', [{ path: 'order_id', message: 'no such order' }]);
  return rows[0];
}

/**
 * received = sum of the order's live payments, outstanding = total − received (SQL numeric, exact);
 * then the received money is allocated to the instalments oldest first, which sets their
 * paid_amount and status (pending / partial / paid). Runs in the writing transaction.
 */
export async function refreshOrderAmounts(trx: Kysely<Database>, orderId: string) {
  await sql`
    WITH r AS (SELECT COALESCE(sum(amount), 0) AS received FROM payments WHERE order_id = ${orderId} AND deleted_at IS NULL)
    UPDATE orders o SET received_amount = r.received, received_amount_currency = o.total_amount_currency,
      outstanding_amount = o.total_amount - r.received, outstanding_amount_currency = o.total_amount_currency, updated_at = now()
    FROM r WHERE o.id = ${orderId}`.execute(trx);
  await sql`
    WITH r AS (SELECT received_amount AS received FROM orders WHERE id = ${orderId}),
    p AS (SELECT id, amount, sum(amount) OVER (ORDER BY due_on, created_at, id) AS cum
          FROM payment_plans WHERE order_id = ${orderId} AND deleted_at IS NULL)
    UPDATE payment_plans t SET
      paid_amount = GREATEST(0, LEAST(p.amount, r.received - (p.cum - p.amount))), paid_amount_currency = t.amount_currency,
      status = CASE WHEN r.received >= p.cum THEN 'paid' WHEN r.received > p.cum - p.amount THEN 'partial' ELSE 'pending' END
    FROM p, r WHERE t.id = p.id`.execute(trx);
}

function sameOrder(values: Record<string, unknown>, previous: Record<string, unknown> | undefined) {
  if (previous && values.order_id !== undefined && values.order_id !== previous.order_id) {
    throw badRequest('a record cannot move to another order', [{ path: 'order_id', message: 'cannot be changed' }]);
  }
  return (values.order_id ?? previous?.order_id) as string;
}

function checkCurrency(money: Money | undefined, order: OrderRow, path: string) {
  if (money && money.currency !== order.total_amount_currency) {
    throw badRequest(`the order is in ${order.total_amount_currency}`, [{ path: `${path}.currency`, message: `must be ${order.total_amount_currency}` }]);
  }
}

export function registerPaymentRules(engine: Engine) {
  const on = engine.hooks.on.bind(engine.hooks);

  on('orders', 'beforeCreate', ({ values }) => {
    values.order_no = documentNumber('SO');
    const total = values.total_amount as Money;
    values.received_amount = { amount: 0, currency: total.currency };
    values.outstanding_amount = total;
  });
  on('orders', 'afterUpdate', async ({ trx, values, previous, record }) => {
    if (values.total_amount !== undefined && JSON.stringify(values.total_amount) !== JSON.stringify(previous?.total_amount)) {
      await refreshOrderAmounts(trx, record!.id as string);
    }
  });
  registerLineItems(engine, {
    lines: 'order_line_items',
    parentField: 'order_id',
    parent: 'orders',
    refreshTotals: async (trx, orderId) => {
      const sums = await lineSums(trx, 'order_line_items', 'order_id', orderId);
      await sql`UPDATE orders SET total_amount = ${sums.total} WHERE id = ${orderId}`.execute(trx);
      await refreshOrderAmounts(trx, orderId);
    },
  });

  const preparePayment = async ({ trx, values, previous }: HookEvent) => {
    const order = await lockOrder(trx, sameOrder(values, previous));
    const amount = (values.amount ?? previous?.amount) as Money;
    checkCurrency(amount, order, 'amount');
    Object.assign(values, { customer_id: order.customer_id, deal_id: order.deal_id });
    if (!previous) {
      values.payment_no = documentNumber('PAY');
      if (!values.received_on) values.received_on = new Date().toISOString().slice(0, 10);
    }
    const planId = (values.plan_id ?? previous?.plan_id) as string | null;
    if (planId) {
      const { rows } = await sql`SELECT 1 FROM payment_plans WHERE id = ${planId} AND order_id = ${order.id} AND deleted_at IS NULL`.execute(trx);
      if (!rows.length) throw badRequest('the payment plan belongs to another order', [{ path: 'plan_id', message: 'not an instalment of this order' }]);
    }
    const outstanding = Number(order.total_amount) - Number(order.received_amount ?? 0) + Number((previous?.amount as Money | undefined)?.amount ?? 0);
    if (amount.amount > outstanding + 1e-9) {
      throw badRequest(`the payment exceeds the outstanding amount (${outstanding.toFixed(2)})`, [{ path: 'amount', message: `at most ${outstanding.toFixed(2)}` }]);
    }
  };
  const refreshFor = async ({ trx, record, previous }: HookEvent) => refreshOrderAmounts(trx, (record?.order_id ?? previous?.order_id) as string);
  on('payments', 'beforeCreate', preparePayment);
  on('payments', 'beforeUpdate', preparePayment);
  for (const hook of ['afterCreate', 'afterUpdate', 'afterDelete', 'afterRestore'] as const) on('payments', hook, refreshFor);

  // An instalment belongs to the order's customer and owner, so the overdue reminder reaches the order's owner.
  const preparePlan = async ({ trx, values, previous }: HookEvent) => {
    const order = await lockOrder(trx, sameOrder(values, previous));
    checkCurrency(values.amount as Money | undefined, order, 'amount');
    values.customer_id = order.customer_id;
    if (!previous) {
      values.owner_id = order.owner_id;
      values.status = 'pending';
      values.paid_amount = { amount: 0, currency: order.total_amount_currency };
    }
  };
  on('payment_plans', 'beforeCreate', preparePlan);
  on('payment_plans', 'beforeUpdate', preparePlan);
  for (const hook of ['afterCreate', 'afterUpdate', 'afterDelete', 'afterRestore'] as const) on('payment_plans', hook, refreshFor);
}
