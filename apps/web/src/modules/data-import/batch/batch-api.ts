import type { ImportBatch } from '@crm/schema';
import { useQuery } from '@tanstack/react-query';
import { get, post } from '../../../api/client';

const BUSY = ['uploading', 'validating', 'running', 'undoing'];
/** A batch still moves while it is being undone or one of its imports works. */
export const batchWorking = (b: ImportBatch) => b.status === 'undoing' || b.imports.some((i) => BUSY.includes(i.status));

export const createBatch = (files: { fileName: string; object: string }[]) => post<{ data: ImportBatch }>('/api/v1/import-batches', { files });
export const addToBatch = (id: string, importId: string) => post<{ data: ImportBatch }>(`/api/v1/import-batches/${id}/imports`, { importId });
export const undoWholeBatch = (id: string) => post<{ data: ImportBatch }>(`/api/v1/import-batches/${id}/undo`);

/** One batch, polled while it moves (the page resumes it after a reload). */
export function useBatch(id: string | null) {
  return useQuery({
    queryKey: ['import-batches', id],
    enabled: Boolean(id),
    queryFn: async () => (await get<{ data: ImportBatch }>(`/api/v1/import-batches/${id}`)).data,
    refetchInterval: (q) => (q.state.data && batchWorking(q.state.data) ? 700 : false),
  });
}

/** Recent batches for the import history. */
export function useBatchHistory() {
  return useQuery({
    queryKey: ['import-batches', 'history'],
    queryFn: async () => (await get<{ data: ImportBatch[] }>('/api/v1/import-batches', { limit: 10 })).data,
    refetchInterval: (q) => (q.state.data?.some(batchWorking) ? 2000 : false),
  });
}
