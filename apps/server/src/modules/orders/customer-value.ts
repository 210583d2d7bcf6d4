import type { AccessContext } from '../../engine/permissions/access.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import { readCompanyDefaults } from '../../engine/money/company-currency.js';
import { ApiError } from '../../http/errors.js';

const num = (v: unknown) => Number(v ?? 0);

interface Sources {
  engine: Engine;
  db: Kysely<Database>;
}

/** An object the user may not read at all counts as nothing rather than failing the whole panel. */
async function orNothing<T>(read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'forbidden') return [];
    throw error;
  }
}

/**
 * Figures for the 360° view, all read through the engine (the user's scope applies to every sum):
 * lifetime revenue = payments received, last purchase = latest order signed_on, open deals (not
 * won/lost) with their amount, and what the customer still owes on orders; sums in the company currency.
 */
export async function customerValue({ engine, db }: Sources, customerId: string, ctx: AccessContext) {
  await engine.records.get('customers', customerId, ctx);
  const ofCustomer = { field: 'customer_id', op: 'eq' as const, value: customerId };
  const [paid] = await orNothing(() => engine.records.aggregate('payments', { metrics: ['count', 'sum:amount'], filter: ofCustomer }, ctx));
  const [owed] = await orNothing(() => engine.records.aggregate('orders', { metrics: ['count', 'sum:total_amount', 'sum:outstanding_amount'], filter: ofCustomer }, ctx));
  const [open] = await orNothing(() => engine.records.aggregate('deals', {
    metrics: ['count', 'sum:amount'],
    filter: { and: [ofCustomer, { field: 'stage', op: 'nin', value: ['won', 'lost'] }] },
  }, ctx));
  const latest = await orNothing(async () => (await engine.records.list('orders', { filter: ofCustomer, sort: '-signed_on', limit: 1, fields: 'signed_on,name' }, ctx)).data);
  return {
    lifetimeRevenue: num(paid?.['sum_amount']),
    payments: num(paid?.count),
    orders: num(owed?.count),
    ordersTotal: num(owed?.['sum_total_amount']),
    outstanding: num(owed?.['sum_outstanding_amount']),
    lastPurchaseOn: (latest[0]?.signed_on as string | null) ?? null,
    lastOrder: latest[0] ? { id: latest[0].id, name: latest[0].name } : null,
    openDeals: { count: num(open?.count), amount: num(open?.['sum_amount']) },
    currency: (await readCompanyDefaults(db)).currency,
  };
}

/** Received and outstanding money on a deal's orders. */
export async function dealValue({ engine, db }: Sources, dealId: string, ctx: AccessContext) {
  await engine.records.get('deals', dealId, ctx);
  const [sums] = await engine.records.aggregate('orders', {
    metrics: ['count', 'sum:total_amount', 'sum:received_amount', 'sum:outstanding_amount'],
    filter: { field: 'deal_id', op: 'eq', value: dealId },
  }, ctx);
  return {
    orders: num(sums?.count),
    ordersTotal: num(sums?.['sum_total_amount']),
    received: num(sums?.['sum_received_amount']),
    outstanding: num(sums?.['sum_outstanding_amount']),
    currency: (await readCompanyDefaults(db)).currency,
  };
}
