import { z } from 'zod';
import { requireVisibleFields, type AccessContext } from '../../engine/permissions/access.js';
import type { RecordService } from '../../engine/records/record-service.js';
import { ApiError } from '../../http/errors.js';
import { splitAmount } from '../quotes/money.js';

export const instalmentsInput = z
  .object({
    count: z.number().int().min(1).max(60),
    firstDueOn: z.string().date(),
    /** Months between instalments. */
    everyMonths: z.number().int().min(1).max(12).default(1),
  })
  .strict();

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Splits the order's total into `count` instalments (第 1 期 …), monthly from firstDueOn; refuses if a plan exists. */
export async function createInstalments(records: RecordService, orderId: string, input: z.input<typeof instalmentsInput>, ctx: AccessContext) {
  const { count, firstDueOn, everyMonths } = instalmentsInput.parse(input);
  // The split is the total: a user who may not see it may not have it split either.
  requireVisibleFields(ctx, 'orders', ['total_amount']);
  const order = await records.get('orders', orderId, ctx);
  const existing = await records.count('payment_plans', { filter: { field: 'order_id', op: 'eq', value: orderId } }, ctx);
  if (existing) throw new ApiError('conflict', 'the order already has a payment plan', [{ path: 'count', message: `${existing} instalments exist` }]);
  const total = order.total_amount as { amount: number; currency: string };
  const amounts = splitAmount(total.amount, count);
  return records.bulkCreate('payment_plans', amounts.map((amount, i) => ({
    name: `第 ${i + 1} 期`,
    order_id: orderId,
    due_on: addMonths(firstDueOn, i * everyMonths),
    amount: { amount, currency: total.currency },
  })), ctx);
}
