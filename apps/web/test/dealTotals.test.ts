import { describe, expect, it } from 'vitest';
import type { RecordData } from '../src/api/records';
import { moveInSummary } from '../src/modules/sales/stageTotals';
import { monthSeries } from '../src/modules/home/useDashboardData';

describe('kanban totals and dashboard series', () => {
  const deal = { id: 'd1', version: 1, stage: 'initial', probability: 10, amount: { amount: 300, currency: 'CNY' } } as RecordData;

  it('moves a dropped deal between column totals and weighted totals before the server answers', () => {
    const rows = [{ stage: 'initial', count: 2, total: 1000, weighted: 100 }];
    expect(moveInSummary(rows, deal, 'won', 100)).toEqual([
      { stage: 'initial', count: 1, total: 700, weighted: 70 },
      { stage: 'won', count: 1, total: 300, weighted: 300 },
    ]);
    expect(rows[0].count).toBe(2);
  });

  it('orders close-month buckets by month and drops undated deals', () => {
    const series = monthSeries([
      { key: '2027-01-01', count: 2, sum_amount: 500 },
      { key: null, count: 9, sum_amount: 1 },
      { key: '2026-11-01', count: 1, sum_amount: null },
    ]);
    expect(series).toEqual([{ month: '2026-11', amount: 0, count: 1 }, { month: '2027-01', amount: 500, count: 2 }]);
  });
});
