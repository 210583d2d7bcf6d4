import type { ListResult } from '@crm/schema';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get } from '../../api/client';
import type { RecordData } from '../../api/records';

export const POOL_OBJECTS = ['customers', 'leads'] as const;
export type PoolObject = (typeof POOL_OBJECTS)[number];
export interface PoolCap {
  roleId: string;
  object: PoolObject;
  maxOwned: number | null;
}

export const usePool = (object: string, q: string, cursor?: string) =>
  useQuery({
    queryKey: ['pool', object, q, cursor],
    queryFn: () => get<ListResult<RecordData>>(`/api/v1/pool/${object}`, { q: q.trim() || undefined, cursor, limit: 50, count: 'true' }),
    placeholderData: keepPreviousData,
  });

export const usePoolUsage = () => useQuery({ queryKey: ['pool', 'usage'], queryFn: async () => (await get<{ data: Record<PoolObject, { owned: number; cap: number | null }> }>('/api/v1/pool-usage')).data });

/** Claim or release; refreshes the pool and the record lists either way (a lost race changes the pool too). */
export function usePoolAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ object, id, action }: { object: string; id: string; action: 'claim' | 'release' }) => api<{ data: RecordData }>('POST', `/api/v1/pool/${object}/${id}/${action}`, {}),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: ['pool'] }), qc.invalidateQueries({ queryKey: ['records'] })]),
  });
}

export const usePoolCaps = () => useQuery({ queryKey: ['pool', 'caps'], queryFn: async () => (await get<{ data: PoolCap[] }>('/api/v1/pool-caps')).data });
export function useSavePoolCaps() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (caps: PoolCap[]) => api('PUT', '/api/v1/pool-caps', { caps }), onSuccess: () => qc.invalidateQueries({ queryKey: ['pool'] }) });
}
