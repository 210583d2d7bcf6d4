import { filterConditionSchema, type Filter, type FilterCondition, type ObjectMetadata } from '@crm/schema';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { MetadataRegistry } from '../../../engine/metadata/registry.js';
import { fieldAccess, scopeCondition, type AccessContext } from '../../../engine/permissions/access.js';
import { compileFilter } from '../../../engine/records/query/filters.js';
import { badRequest, validationError } from '../../../http/errors.js';

/**
 * A segment's filter: the engine's list-filter grammar, where a leaf may also be a condition on
 * related records, compiled to EXISTS:
 * - `{related: 'deals.customer_id', filter}`: a deal whose customer_id is this record matches filter;
 * - `{related: 'customer_id', filter}`: the customer this record's customer_id names matches filter.
 * Values `{daysAgo: N}` stand for the date N days before now ("in the last 12 months").
 */
export type RelatedCondition = { related: string; filter: SegmentFilter };
export type SegmentFilter = FilterCondition | RelatedCondition | { and: SegmentFilter[] } | { or: SegmentFilter[] };

export const segmentFilterSchema: z.ZodType<SegmentFilter> = z.lazy(() =>
  z.union([
    z.object({ and: z.array(segmentFilterSchema).max(50) }).strict(),
    z.object({ or: z.array(segmentFilterSchema).max(50) }).strict(),
    z.object({ related: z.string().min(1).max(200), filter: segmentFilterSchema }).strict(),
    filterConditionSchema.strict(),
  ]),
);

const MAX_HOPS = 2;

/** Parses the stored JSON text; errors name `filter`. */
export function parseSegmentFilter(text: unknown): SegmentFilter | null {
  if (text === null || text === undefined || text === '') return null;
  let json: unknown;
  try {
    json = typeof text === 'string' ? JSON.parse(text) : text;
  } catch {
    throw badRequest('filter must be JSON', [{ path: 'filter', message: 'not valid JSON' }]);
  }
  const parsed = segmentFilterSchema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error, 'filter');
  return parsed.data;
}

function resolveDates(cond: FilterCondition): Filter {
  const value = cond.value as unknown;
  if (!value || typeof value !== 'object' || !('daysAgo' in value)) return cond;
  const days = (value as { daysAgo: unknown }).daysAgo;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 36_500) {
    throw badRequest(`invalid filter on ${cond.field}: daysAgo must be 0 to 36500`, [{ path: `filter.${cond.field}`, message: 'daysAgo must be 0 to 36500' }]);
  }
  const at = new Date(Date.now() - days * 86_400_000);
  return { ...cond, value: at.toISOString().slice(0, 10) };
}

function relatedSql(metadata: MetadataRegistry, meta: ObjectMetadata, cond: RelatedCondition, ctx: AccessContext, alias: string, hop: number, path: string): RawBuilder<SqlBool> {
  if (hop >= MAX_HOPS) throw badRequest(`${path}: at most ${MAX_HOPS} related hops`, [{ path, message: 'nested too deeply' }]);
  const fail = (message: string): never => {
    throw badRequest(`invalid filter on ${path}: ${message}`, [{ path: `${path}.related`, message }]);
  };
  const [first, second, ...more] = cond.related.split('.');
  if (more.length) fail(`'${cond.related}' is not object.field or field`);
  const inner = `r${hop}`;
  // Child records pointing here (deals.customer_id) or the parent this record names (customer_id).
  const [object, link, join] = second
    ? [first, second, sql`${sql.ref(`${inner}.${second}`)} = ${sql.ref(`${alias}.id`)}`]
    : [undefined, first, undefined];
  let target: ObjectMetadata;
  let on: RawBuilder<unknown>;
  if (object) {
    if (!metadata.has(object)) fail(`unknown object '${object}'`);
    target = metadata.get(object);
    const field = target.fields.find((f) => f.name === link && !f.archived);
    if (!field || field.relation?.object !== meta.name || fieldAccess(ctx, object, link) === 'hidden') fail(`'${object}.${link}' does not link to ${meta.name}`);
    on = join!;
  } else {
    const field = meta.fields.find((f) => f.name === link && !f.archived);
    if (!field || field.type !== 'relation' || !field.relation || !metadata.has(field.relation.object) || fieldAccess(ctx, meta.name, link) === 'hidden') {
      fail(`unknown relation field '${link}' on ${meta.name}`);
    }
    target = metadata.get(field!.relation!.object);
    on = sql`${sql.ref(`${inner}.id`)} = ${sql.ref(`${alias}.${link}`)}`;
  }
  // The related records count only where the user could read them: a segment reveals nothing hidden.
  return sql<SqlBool>`EXISTS (SELECT 1 FROM ${sql.table(target.name)} ${sql.raw(inner)}
    WHERE ${on} AND ${sql.ref(`${inner}.deleted_at`)} IS NULL AND ${scopeCondition(ctx, target.name, 'read', inner)}
      AND ${compileSegmentFilter(metadata, target, cond.filter, ctx, inner, hop + 1, `${path}.filter`)})`;
}

/** The segment filter as SQL over `alias` (t), with the user's field access; unknown fields are 400s naming them. */
export function compileSegmentFilter(metadata: MetadataRegistry, meta: ObjectMetadata, filter: SegmentFilter, ctx: AccessContext, alias = 't', hop = 0, path = 'filter'): RawBuilder<SqlBool> {
  if ('and' in filter) {
    if (!filter.and.length) return sql<SqlBool>`true`;
    return sql<SqlBool>`(${sql.join(filter.and.map((f, i) => compileSegmentFilter(metadata, meta, f, ctx, alias, hop, `${path}.and.${i}`)), sql` AND `)})`;
  }
  if ('or' in filter) {
    if (!filter.or.length) return sql<SqlBool>`false`;
    return sql<SqlBool>`(${sql.join(filter.or.map((f, i) => compileSegmentFilter(metadata, meta, f, ctx, alias, hop, `${path}.or.${i}`)), sql` OR `)})`;
  }
  if ('related' in filter) return relatedSql(metadata, meta, filter, ctx, alias, hop, path);
  return compileFilter(meta, resolveDates(filter), ctx, alias);
}
