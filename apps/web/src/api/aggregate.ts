import type { Filter } from '@crm/schema';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get } from './client';

/** One group of an aggregate answer: key plus one number per metric (count, sum_amount, avg_probability…). */
export type AggregateRow = { key: string | null } & Record<string, number | string | null>;

export interface AggregateQuery {
  /** A field, or a date field with a bucket: expected_close_date:month. */
  groupBy?: string;
  /** count, sum:amount, avg:probability, min:…, max:… */
  metrics: string[];
  filter?: Filter;
  q?: string;
}

export function aggregateRecords(object: string, query: AggregateQuery) {
  return get<{ data: AggregateRow[] }>(`/api/v1/${object}/aggregate`, {
    groupBy: query.groupBy,
    metrics: query.metrics.join(','),
    filter: query.filter ? JSON.stringify(query.filter) : undefined,
    q: query.q?.trim() || undefined,
  });
}

/** Query key under ['records', object] so every record write refreshes totals too. */
export const aggregateKey = (object: string, query: AggregateQuery) => ['records', object, 'aggregate', query] as const;

/** Server-side counts and sums over everything the user may read (not just the loaded page). */
export function useAggregate(object: string, query: AggregateQuery, enabled = true) {
  return useQuery({
    queryKey: aggregateKey(object, query),
    queryFn: async () => (await aggregateRecords(object, query)).data,
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Rows by key, for looking up one group's metric. */
export function byKey(rows: AggregateRow[] | undefined): Map<string, AggregateRow> {
  return new Map((rows ?? []).map((r) => [String(r.key), r]));
}

/** A metric as a number (missing group or null sum → 0). */
export const metric = (row: AggregateRow | undefined, name: string) => Number(row?.[name] ?? 0) || 0;
