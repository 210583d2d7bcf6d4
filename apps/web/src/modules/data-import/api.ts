import type { DedupeKey, FieldDefinition, ImportOptions, ImportPreviewRow, ImportReject, ImportSummary, ImportValueColumn, SelectOption } from '@crm/schema';
import { useQuery } from '@tanstack/react-query';
import { ApiError, del, get, patch, post } from '../../api/client';
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

/** Tag colour of an import's status (history, batch). */
export const STATUS_COLOR: Record<string, string> = { done: 'green', failed: 'red', running: 'blue', validating: 'blue', undoing: 'orange', undone: 'default', uploaded: 'default', validated: 'cyan' };

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
    queryFn: async () => (await get<{ data: ImportReject[] }>(`/api/v1/imports/${id}/rejects`, { limit: 1000 })).data,
  });
}

export function useImportHistory(object: string) {
  return useQuery({
    queryKey: ['imports', 'history', object],
    queryFn: async () => (await get<{ data: ImportSummary[] }>('/api/v1/imports', { object })).data,
    refetchInterval: (q) => (q.state.data?.some(working) ? 2000 : false),
  });
}

/** The distinct values of the select, owner and relation columns, with counts and proposals (the values step). */
export function useValueColumns(id: string | null, mappingKey: string) {
  return useQuery({
    queryKey: ['imports', id, 'values', mappingKey],
    enabled: Boolean(id),
    queryFn: async () => (await get<{ data: ImportValueColumn[] }>(`/api/v1/imports/${id}/values`)).data,
  });
}

export interface ImportTemplate {
  id: string;
  object: string;
  name: string;
  mapping: Record<string, string>;
  options: ImportOptions;
  createdBy: string;
  updatedAt: string;
}

export function useTemplates(object: string) {
  return useQuery({
    queryKey: ['import-templates', object],
    queryFn: async () => (await get<{ data: ImportTemplate[] }>('/api/v1/import-templates', { object })).data,
  });
}

export const saveTemplate = (importId: string, name: string) => post<{ data: ImportTemplate }>('/api/v1/import-templates', { importId, name });
export const deleteTemplate = (id: string) => del<void>(`/api/v1/import-templates/${id}`);
/** Columns the template names but the file lacks come back as `unmatched` headers. */
export const applyTemplate = (importId: string, templateId: string) => post<ImportWithPreview & { unmatched: string[] }>(`/api/v1/imports/${importId}/template`, { templateId });

/** Administrators add a file value as a new option of a select (the field's whole option list is sent). */
export const addOption = (object: string, field: FieldDefinition, value: string) => {
  const option: SelectOption = { value, label: { zh: value, en: value } };
  return patch(`/api/v1/meta/objects/${object}/fields/${field.name}`, { options: [...(field.options ?? []), option] });
};
