import type { RecordData } from '../../api/records';
import type { StageSummary } from '../pipelines/api';

export const amountOf = (d: RecordData) => Number((d.amount as { amount?: number } | null)?.amount ?? 0);
const probabilityOf = (d: RecordData) => Number(d.probability ?? 0);

/**
 * Stage totals with one deal moved between stages, so headers follow a drop before the server
 * answers; the deal takes the target stage's default probability, as the server will.
 */
export function moveInSummary(rows: StageSummary[], deal: RecordData, to: string, toProbability: number): StageSummary[] {
  const amount = amountOf(deal);
  const from = String(deal.stage);
  const next = rows.map((r) => ({ ...r }));
  if (!next.some((r) => r.stage === to)) next.push({ stage: to, count: 0, total: 0, weighted: 0 });
  for (const r of next) {
    if (r.stage === from) {
      r.count -= 1;
      if (r.total !== null) r.total -= amount;
      if (r.weighted !== null) r.weighted -= (amount * probabilityOf(deal)) / 100;
    } else if (r.stage === to) {
      r.count += 1;
      if (r.total !== null) r.total += amount;
      if (r.weighted !== null) r.weighted += (amount * toProbability) / 100;
    }
  }
  return next;
}
