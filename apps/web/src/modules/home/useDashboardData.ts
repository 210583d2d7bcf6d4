import type { Filter } from '@crm/schema';
import { useMemo } from 'react';
import { byKey, metric, useAggregate } from '../../api/aggregate';
import type { ObjectMeta } from '../../api/meta';

/** Deals still in play: the board's terminal stages are won and lost. */
export const OPEN_DEALS: Filter = { field: 'stage', op: 'nin', value: ['won', 'lost'] };

/** Amount and count per deal stage, counted by the server over every deal the user may read. */
export function useDealsByStage(enabled: boolean) {
  const q = useAggregate('deals', { groupBy: 'stage', metrics: ['count', 'sum:amount'] }, enabled);
  const byStage = useMemo(() => byKey(q.data), [q.data]);
  return { ...q, byStage };
}

/** Record counts per option of a select field, in option order (options without records included). */
export function useCountsByOption(meta: ObjectMeta | undefined, field: string) {
  const options = meta?.fields.find((f) => f.name === field)?.options ?? [];
  const q = useAggregate(meta?.name ?? '', { groupBy: field, metrics: ['count'] }, !!meta && options.length > 0);
  const counts = useMemo(() => {
    const rows = byKey(q.data);
    return options.map((option) => ({ option, total: metric(rows.get(option.value), 'count') }));
  }, [q.data, options]);
  return { ...q, counts };
}

/** "2026-03-01" month buckets → [{ month: '2026-03', amount, count }], oldest first, undated deals left out. */
export function monthSeries(rows: Array<{ key: string | null } & Record<string, unknown>> | undefined) {
  return (rows ?? [])
    .filter((r): r is typeof r & { key: string } => typeof r.key === 'string')
    .map((r) => ({ month: r.key.slice(0, 7), amount: Number(r.sum_amount ?? 0), count: Number(r.count ?? 0) }))
    .sort((a, b) => a.month.localeCompare(b.month));
}

/** Open deal amount by expected close month. */
export function useDealsByCloseMonth(enabled: boolean) {
  const q = useAggregate('deals', { groupBy: 'expected_close_date:month', metrics: ['count', 'sum:amount'], filter: OPEN_DEALS }, enabled);
  const months = useMemo(() => monthSeries(q.data), [q.data]);
  return { ...q, months };
}
