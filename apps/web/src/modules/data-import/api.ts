import type { DedupeKey, FieldDefinition, ImportOptions, ImportPreviewRow, ImportReject, ImportSummary } from '@crm/schema';
import { useQuery } from '@tanstack/react-query';
import { ApiError, get, patch, post } from '../../api/client';
import type { ErrorDetail } from '@crm/schema';

export interface ImportWithPreview {
  data: ImportSummary;
  preview?: ImportPreviewRow[];
  fields?: FieldDefinition[];
  /** Dedupe keys the object's fields allow. */
  dedupeKeys?: DedupeKey[];
}

/** The file goes as the raw request body: the browser streams it, the server streams it into the database. */
export async function uploadFile(object: string, file: File): Promise<ImportWithPreview> {
  const res = await fetch(`/api/v1/imports?object=${encodeURIComponent(object)}&fileName=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/octet-stream' },
    body: file,
  });
  const json = (await res.json()) as ImportWithPreview & { error?: { code: string; message: string; details: ErrorDetail[] } };
  if (!res.ok) throw new ApiError(res.status, json.error?.code ?? 'internal', json.error?.message ?? res.statusText, json.error?.details ?? []);
  return json;
}

export const saveSettings = (id: string, body: { mapping?: Record<string, number>; options?: ImportOptions }) => patch<ImportWithPreview>(`/api/v1/imports/${id}`, body);
export const startValidation = (id: string) => post<{ data: ImportSummary }>(`/api/v1/imports/${id}/validate`);
export const startRun = (id: string) => post<{ data: ImportSummary }>(`/api/v1/imports/${id}/run`);
export const startUndo = (id: string) => post<{ data: ImportSummary }>(`/api/v1/imports/${id}/undo`);

const BUSY = ['validating', 'running', 'undoing'];
/** Working in the background, including the search index a large import builds after it is done. */
const working = (imp: ImportSummary) => BUSY.includes(imp.status) || imp.indexing?.status === 'pending';

/** One import, polled every 700 ms while it works in the background (the live progress bar). */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: ['imports', id],
    enabled: Boolean(id),
    queryFn: () => get<ImportWithPreview>(`/api/v1/imports/${id}`, { preview: 'true' }),
    refetchInterval: (q) => (q.state.data && working(q.state.data.data) ? 700 : false),
  });
}

export function useRejects(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['imports', id, 'rejects'],
    enabled: Boolean(id) && enabled,
    queryFn: async () => (await get<{ data: ImportReject[] }>(`/api/v1/imports/${id}/rejects`, { limit: 20 })).data,
  });
}

export function useImportHistory(object: string) {
  return useQuery({
    queryKey: ['imports', 'history', object],
    queryFn: async () => (await get<{ data: ImportSummary[] }>('/api/v1/imports', { object })).data,
    refetchInterval: (q) => (q.state.data?.some(working) ? 2000 : false),
  });
}
