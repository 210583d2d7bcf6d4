import { sql } from 'kysely';
import { z } from 'zod';
import type { AccessContext } from '../../engine/permissions/access.js';
import type { ApiRecord } from '../../engine/records/record-service.js';
import { ApiError, parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { createInstalments } from '../orders/instalments.js';
import { LINE_COPY_FIELDS, pick, readLines } from './revise-quote.js';

export const toOrderInput = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    signed_on: z.string().date().optional(),
    delivery_date: z.string().date().nullable().optional(),
    delivery_terms: z.string().max(10_000).nullable().optional(),
    payment_terms: z.string().max(10_000).nullable().optional(),
    /** Optional payment plan: this many equal monthly instalments, the first due on first_due_on. */
    instalments: z.number().int().min(1).max(60).optional(),
    first_due_on: z.string().date().optional(),
  })
  .strict();

/**
 * 生成订单: an accepted quote becomes an order with the same customer, deal, lines and totals plus
 * delivery and payment terms (and optionally a payment plan), in one transaction. One order per quote.
 */
export async function createOrderFromQuote(mctx: ModuleContext, quoteId: string, body: unknown, ctx: AccessContext): Promise<ApiRecord> {
  const input = parseInput(toOrderInput, body ?? {});
  const { engine, db } = mctx;
  await engine.records.object('orders');
  return db.transaction().execute(async (trx) => {
    const records = engine.records.inTransaction(trx);
    const quote = await records.get('quotes', quoteId, ctx);
    if (quote.status !== 'accepted' || !quote.is_latest) {
      throw new ApiError('conflict', 'only the latest version of an accepted quote becomes an order', [{ path: 'status', message: `quote is ${quote.status}` }], { key: 'quote_not_orderable' });
    }
    await sql`SELECT id FROM quotes WHERE id = ${quoteId} FOR UPDATE`.execute(trx);
    const { rows: existing } = await sql<{ id: string; order_no: string | null }>`SELECT id, order_no FROM orders WHERE quote_id = ${quoteId} AND deleted_at IS NULL`.execute(trx);
    if (existing.length) {
      throw new ApiError('conflict', 'this quote already has an order', [{ path: 'quote_id', message: `order ${existing[0].id}` }], { key: 'quote_has_order', params: { orderNo: existing[0].order_no ?? '' } });
    }
    const today = new Date().toISOString().slice(0, 10);
    const order = await records.create('orders', {
      name: input.name ?? quote.name,
      customer_id: quote.customer_id,
      deal_id: quote.deal_id,
      contact_id: quote.contact_id,
      quote_id: quoteId,
      total_amount: quote.grand_total,
      signed_on: input.signed_on ?? today,
      delivery_date: input.delivery_date ?? null,
      delivery_terms: input.delivery_terms ?? null,
      payment_terms: input.payment_terms ?? quote.terms ?? null,
    }, ctx);
    const lines = await readLines(mctx, 'quote_line_items', 'quote_id', quoteId, ctx, trx);
    if (lines.length) await records.bulkCreate('order_line_items', lines.map((l) => ({ ...pick(l, LINE_COPY_FIELDS), order_id: order.id })), ctx);
    if (input.instalments) await createInstalments(records, order.id as string, { count: input.instalments, firstDueOn: input.first_due_on ?? today }, ctx);
    return records.get('orders', order.id as string, ctx);
  });
}
