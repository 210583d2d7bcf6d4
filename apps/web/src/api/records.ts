import type { Filter, ListResult } from '@crm/schema';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client';
import type { RelatedListResult, TimelineEntry as SharedTimelineEntry } from '@crm/schema';

export type RecordData = Record<string, unknown> & { id: string; version: number };

export interface ListQuery {
  filter?: Filter;
  sort?: string;
  limit?: number;
  cursor?: string;
  fields?: string[];
  q?: string;
  count?: boolean;
  /** Named list filters a module registered on the server (?segment=<id>). */
  named?: Record<string, string>;
}

export function listRecords(object: string, query: ListQuery, deleted = false) {
  return get<ListResult<RecordData>>(`/api/v1/${object}${deleted ? '/deleted' : ''}`, {
    filter: query.filter ? JSON.stringify(query.filter) : undefined,
    sort: query.sort,
    limit: query.limit,
    cursor: query.cursor,
    fields: query.fields?.join(','),
    q: query.q?.trim() || undefined,
    count: query.count ? 'true' : undefined,
    ...query.named,
  });
}

export function useRecordList(object: string, query: ListQuery, options: { deleted?: boolean; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['records', object, 'list', options.deleted ?? false, query],
    queryFn: () => listRecords(object, query, options.deleted),
    enabled: options.enabled ?? true,
    placeholderData: keepPreviousData,
  });
}

export type TimelineEntry = SharedTimelineEntry<RecordData>;
export type RelatedResult = RelatedListResult<RecordData>;

export interface RecordDetailResult {
  data: RecordData;
  related: RelatedResult[];
  timeline: TimelineEntry[];
}

export function useRecordDetail(object: string, id: string) {
  return useQuery({
    queryKey: ['records', object, 'detail', id],
    queryFn: () => get<RecordDetailResult>(`/api/v1/${object}/${id}`, { include: 'related,timeline' }),
  });
}

/** After any write, lists, details and cached titles of the object (and of related objects) may be stale. */
export function useInvalidateRecords() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['records'] });
    void qc.invalidateQueries({ queryKey: ['title'] });
  };
}

export function useSaveRecord(object: string) {
  const invalidate = useInvalidateRecords();
  return useMutation({
    mutationFn: ({ id, values, version }: { id?: string; values: Record<string, unknown>; version?: number }) =>
      id
        ? patch<{ data: RecordData }>(`/api/v1/${object}/${id}`, { ...values, version })
        : post<{ data: RecordData }>(`/api/v1/${object}`, values),
    onSuccess: invalidate,
  });
}

/** The list's bulk edits (see the engine's bulk route): same values on every record, or tags added/removed. */
export type BulkAction =
  | { action: 'set'; ids: string[]; values: Record<string, unknown> }
  | { action: 'addTags' | 'removeTags'; ids: string[]; field: string; tags: string[] };

export function useBulkAction(object: string) {
  const invalidate = useInvalidateRecords();
  return useMutation({
    mutationFn: (body: BulkAction) => post<{ count: number; changed: number }>(`/api/v1/${object}/bulk`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteRecords(object: string) {
  const invalidate = useInvalidateRecords();
  return useMutation({
    mutationFn: (ids: string[]) =>
      ids.length === 1 ? del(`/api/v1/${object}/${ids[0]}`) : post(`/api/v1/${object}/bulk`, { action: 'delete', ids }),
    onSuccess: invalidate,
  });
}

export function useRestoreRecords(object: string) {
  const invalidate = useInvalidateRecords();
  return useMutation({
    mutationFn: (ids: string[]) => post(`/api/v1/${object}/bulk`, { action: 'restore', ids }),
    onSuccess: invalidate,
  });
}

export interface SearchHit {
  object: string;
  id: string;
  title: string;
  subtitle: string;
}

export function useGlobalSearch(q: string) {
  return useQuery({
    queryKey: ['search', q],
    queryFn: async () => (await get<{ data: SearchHit[] }>('/api/v1/search', { q })).data,
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}
