import { useInfiniteQuery } from '@tanstack/react-query';
import { get } from './client';

export type AuditAction = 'create' | 'update' | 'delete' | 'restore' | 'merge' | 'unmerge' | 'export' | 'import' | 'settings';

export interface AuditEntry {
  id: number;
  object: string;
  recordId: string;
  action: AuditAction;
  actorId: string | null;
  at: string;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

export interface AuditFilter {
  object?: string;
  recordId?: string;
  actorId?: string;
  action?: AuditAction;
  /** ISO date-times, inclusive. */
  from?: string;
  to?: string;
}

/** The install-wide audit log (admins only), newest first, one page of 50 per "load more". */
export function useAuditLog(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: ['records', 'audit-log', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => get<{ data: AuditEntry[]; nextCursor: string | null }>('/api/v1/audit-log', { ...filter, cursor: pageParam, limit: 50 }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
