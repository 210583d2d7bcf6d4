import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import type { ObjectMeta } from '../../api/meta';
import { listRecords } from '../../api/records';

const DEAL_SAMPLE = 500;

/** Amount and count per deal stage, summed in the browser over the most recent deals (no aggregate endpoint yet). */
export function useDealsByStage(enabled: boolean) {
  return useQuery({
    queryKey: ['records', 'deals', 'dashboard'],
    enabled,
    queryFn: async () => {
      const { data, nextCursor } = await listRecords('deals', { fields: ['stage', 'amount'], limit: DEAL_SAMPLE, sort: '-updated_at' });
      const byStage = new Map<string, { count: number; amount: number }>();
      for (const d of data) {
        const s = byStage.get(String(d.stage)) ?? { count: 0, amount: 0 };
        s.count += 1;
        s.amount += Number((d.amount as { amount?: number } | null)?.amount ?? 0);
        byStage.set(String(d.stage), s);
      }
      return { byStage, truncated: !!nextCursor };
    },
  });
}

/** Exact record counts per option of a select field, one count call per option. */
export function useCountsByOption(meta: ObjectMeta | undefined, field: string) {
  const options = meta?.fields.find((f) => f.name === field)?.options ?? [];
  return useQuery({
    queryKey: ['records', meta?.name, 'counts', field],
    enabled: !!meta && options.length > 0,
    queryFn: () =>
      Promise.all(
        options.map(async (o) => {
          const { total } = await get<{ total: number }>(`/api/v1/${meta!.name}/count`, { filter: JSON.stringify({ field, op: 'eq', value: o.value }) });
          return { option: o, total };
        }),
      ),
  });
}
