import { z } from 'zod';

export const FILTER_OPERATORS = [
  'eq',
  'ne',
  'in',
  'nin',
  'contains',
  'starts_with',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'empty',
  'not_empty',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterCondition {
  field: string;
  op: FilterOperator;
  value?: unknown;
}
export type Filter = FilterCondition | { and: Filter[] } | { or: Filter[] };

export const filterConditionSchema = z.object({
  field: z.string().min(1),
  op: z.enum(FILTER_OPERATORS),
  value: z.unknown().optional(),
});

export const filterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    filterConditionSchema,
    z.object({ and: z.array(filterSchema).max(50) }).strict(),
    z.object({ or: z.array(filterSchema).max(50) }).strict(),
  ]),
) as z.ZodType<Filter>;

/** Parameters of a list call; the same shape in the query string (filter as JSON) and in POST …/query. */
export const listParamsSchema = z.object({
  filter: filterSchema.optional(),
  /** Comma-separated field names, '-' prefix for descending: "-amount,name". */
  sort: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional(),
  /** Comma-separated field names to return; id and version are always included. */
  fields: z.string().max(2000).optional(),
  /** Include the total number of matching records. */
  count: z.coerce.boolean().optional(),
  /** Full-text search within this object. */
  q: z.string().max(200).optional(),
  /** List the recycle bin instead of live records. */
  deleted: z.coerce.boolean().optional(),
});
export type ListParams = z.infer<typeof listParamsSchema>;

export interface ListResult<T = Record<string, unknown>> {
  data: T[];
  nextCursor: string | null;
  total?: number;
}
