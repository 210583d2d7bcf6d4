import { metric, type AggregateRow } from '../../api/aggregate';
import type { RecordData } from '../../api/records';

export const amountOf = (d: RecordData) => Number((d.amount as { amount?: number } | null)?.amount ?? 0);

/** Stage totals with one deal moved between stages, so headers follow a drop before the server answers. */
export function moveInTotals(rows: AggregateRow[], deal: RecordData, to: string): AggregateRow[] {
  const amount = amountOf(deal);
  const from = String(deal.stage);
  const next = rows.map((r) => ({ ...r }));
  if (!next.some((r) => r.key === to)) next.push({ key: to, count: 0, sum_amount: 0 });
  for (const r of next) {
    const sign = r.key === from ? -1 : r.key === to ? 1 : 0;
    r.count = metric(r, 'count') + sign;
    r.sum_amount = metric(r, 'sum_amount') + sign * amount;
  }
  return next;
}
