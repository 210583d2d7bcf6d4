import type { DuplicateCheck as SharedDuplicateCheck, DuplicateGroup as SharedDuplicateGroup, Label, LikelyDuplicate as SharedLikelyDuplicate, MergeEntry, OwnedElsewhere } from '@crm/schema';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, api } from '../../api/client';
import { useInvalidateRecords, type RecordData } from '../../api/records';

export interface DuplicateRule {
  object: string;
  key: string;
  kind: string;
  fields: string[];
  label: Label;
  enabled: boolean;
  fuzzy: boolean;
  threshold: number;
  /** 撞单: refuse saving a record that matches one anywhere in the company. */
  block: boolean;
}

export type { MergeEntry, OwnedElsewhere };
export type LikelyDuplicate = SharedLikelyDuplicate<RecordData>;
export type DuplicateCheck = SharedDuplicateCheck<RecordData>;
export type DuplicateGroup = SharedDuplicateGroup<RecordData>;

export function useDuplicateRules() {
  return useQuery({
    queryKey: ['duplicates', 'rules'],
    queryFn: async () => (await get<{ data: { object: string; rules: DuplicateRule[] }[] }>('/api/v1/duplicate-rules')).data,
    staleTime: 60_000,
  });
}

/** Enabled rules of one object (empty when it has none: no checks, no warning). */
export function useObjectRules(object: string): DuplicateRule[] {
  const { data } = useDuplicateRules();
  return data?.find((o) => o.object === object)?.rules.filter((r) => r.enabled) ?? [];
}

export function useSaveRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (rule: DuplicateRule) =>
      api('PUT', `/api/v1/duplicate-rules/${rule.object}/${rule.key}`, { enabled: rule.enabled, fuzzy: rule.fuzzy, threshold: rule.threshold, block: rule.block }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['duplicates', 'rules'] }),
  });
}

/** Likely duplicates the user may read (data) and, 撞单, the same record owned outside their scope (elsewhere). */
export async function checkDuplicates(object: string, values: Record<string, unknown>, recordId?: string): Promise<DuplicateCheck> {
  const res = await post<DuplicateCheck>(`/api/v1/${object}/duplicates/check`, { ...values, ...(recordId ? { id: recordId } : {}) });
  return { data: res.data, elsewhere: res.elsewhere ?? [] };
}

export const checkKey = (object: string, recordId: string | undefined, values: Record<string, unknown>) => ['duplicates', 'check', object, recordId ?? null, values];

export function useDuplicateCheck(object: string, recordId: string | undefined, values: Record<string, unknown>, enabled: boolean) {
  return useQuery({
    queryKey: checkKey(object, recordId, values),
    queryFn: () => checkDuplicates(object, values, recordId),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export function useDuplicateGroups(object: string, fuzzy: boolean) {
  return useInfiniteQuery({
    queryKey: ['records', object, 'duplicate-groups', fuzzy],
    queryFn: ({ pageParam }) =>
      get<{ data: DuplicateGroup[]; nextCursor: string | null }>(`/api/v1/${object}/duplicates`, { limit: 20, fuzzy: fuzzy ? 'true' : undefined, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useMergePreview(object: string, ids: string[]) {
  return useQuery({
    queryKey: ['records', object, 'merge-preview', ids],
    queryFn: async () =>
      (await get<{ data: { records: RecordData[]; related: Record<string, Record<string, number>> } }>(`/api/v1/${object}/merge-preview`, { ids: ids.join(',') })).data,
    enabled: ids.length >= 2,
  });
}

export function useMerge(object: string) {
  const invalidate = useInvalidateRecords();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { survivorId: string; mergedIds: string[]; values: Record<string, string> }) =>
      post<{ data: { mergeId: string; survivor: RecordData; moved: Record<string, number> } }>(`/api/v1/${object}/merge`, body),
    onSuccess: () => {
      invalidate();
      void qc.invalidateQueries({ queryKey: ['duplicates'] });
    },
  });
}

export function useMerges(object: string) {
  return useQuery({
    queryKey: ['duplicates', 'merges', object],
    queryFn: async () => (await get<{ data: MergeEntry[] }>('/api/v1/merges', { object })).data,
  });
}

export function useUndoMerge() {
  const invalidate = useInvalidateRecords();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post(`/api/v1/merges/${id}/undo`),
    onSuccess: () => {
      invalidate();
      void qc.invalidateQueries({ queryKey: ['duplicates'] });
    },
  });
}
