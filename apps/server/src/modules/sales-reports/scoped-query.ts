import type { Filter, FilterCondition, ObjectMetadata } from '@crm/schema';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import { inCompanyCurrency, readCompanyDefaults, type CompanyDefaults } from '../../engine/money/company-currency.js';
import { fieldAccess, scopeFor, type AccessContext } from '../../engine/permissions/access.js';

/** Who is asking, and through which engine: every figure is computed inside their read scope. */
export interface Viewer {
  engine: Engine;
  db: Kysely<Database>;
  ctx: AccessContext;
  /** The company currency and rates, read once for all the figures of this viewer (see companyCurrencyOf). */
  companyCurrency?: Promise<CompanyDefaults>;
}

/** The rates for a viewer's money sums, read on first use. */
export const companyCurrencyOf = (viewer: Viewer) => (viewer.companyCurrency ??= readCompanyDefaults(viewer.db));

/**
 * Filters in the list grammar. Each figure is computed from one of these through the engine's
 * WHERE (scope + live rows + filter), and the web app opens the same filter on the object's list,
 * so a click-through shows exactly the records behind the number.
 */
export const where = {
  eq: (field: string, value: unknown): FilterCondition => ({ field, op: 'eq', value }),
  in: (field: string, value: unknown[]): FilterCondition => ({ field, op: 'in', value }),
  nin: (field: string, value: unknown[]): FilterCondition => ({ field, op: 'nin', value }),
  gt: (field: string, value: unknown): FilterCondition => ({ field, op: 'gt', value }),
  gte: (field: string, value: unknown): FilterCondition => ({ field, op: 'gte', value }),
  lt: (field: string, value: unknown): FilterCondition => ({ field, op: 'lt', value }),
  lte: (field: string, value: unknown): FilterCondition => ({ field, op: 'lte', value }),
  empty: (field: string): FilterCondition => ({ field, op: 'empty' }),
  /** [start, end) of a date-time field. */
  within: (field: string, startAt: string, endAt: string): Filter[] => [{ field, op: 'gte', value: startAt }, { field, op: 'lt', value: endAt }],
  and: (...parts: (Filter | Filter[] | null | undefined)[]): Filter => {
    // Nested ands are flattened, so a click-through filter stays a flat list the list page can edit.
    const flat = parts.flat().flatMap((p): Filter[] => (!p ? [] : 'and' in p ? p.and : [p]));
    return flat.length === 1 ? flat[0] : { and: flat };
  },
};

export interface AggregateRow {
  keys: (string | null)[];
  count: number;
  /** null when the viewer may not see the summed field. */
  amount: number | null;
  weighted: number | null;
}

export interface AggregateOptions {
  /** Fields to group by; a date field may take ':month' (key 'YYYY-MM'). */
  groupBy?: string[];
  /** A number field to sum (amount). */
  sum?: string;
  /** Also sum sum-field × probability / 100 (weighted pipeline). */
  weighted?: boolean;
}

const visible = (meta: ObjectMetadata, ctx: AccessContext, name: string) =>
  meta.fields.some((f) => f.name === name && !f.archived) && fieldAccess(ctx, meta.name, name) !== 'hidden';

/** Field names a filter reads (a one-hop 'customer_id.region' reads customer_id here). */
export function filterFields(filter: Filter): string[] {
  if ('and' in filter) return filter.and.flatMap(filterFields);
  if ('or' in filter) return filter.or.flatMap(filterFields);
  return [filter.field.split('.')[0]];
}

function groupExpr(spec: string): RawBuilder<unknown> {
  const [name, bucket] = spec.split(':');
  const col = sql.ref(`t.${name}`);
  return bucket === 'month' ? sql`to_char(${col}, 'YYYY-MM')` : sql`${col}::text`;
}

/**
 * Counts (and sums) of the records of an object the viewer may read that match the filter,
 * optionally grouped. null when the object does not exist here, the viewer may not read it, or the
 * figure is counted or grouped by a field hidden from the viewer (left out, as in weekly reports,
 * rather than one group labelled empty); a hidden summed field gives null amounts.
 */
export async function aggregate(viewer: Viewer, object: string, filter: Filter, options: AggregateOptions = {}): Promise<AggregateRow[] | null> {
  const { engine, db, ctx } = viewer;
  if (!engine.metadata.has(object) || scopeFor(ctx, object, 'read') === 'none') return null;
  const meta = await engine.records.object(object);
  const reads = [...filterFields(filter), ...(options.groupBy ?? []).map((g) => g.split(':')[0])];
  if (!reads.every((name) => visible(meta, ctx, name))) return null;
  const groups = (options.groupBy ?? []).map(groupExpr);
  const sumField = options.sum && visible(meta, ctx, options.sum) ? await summed(viewer, meta, options.sum) : null;
  const weighted = options.weighted && sumField && visible(meta, ctx, 'probability') ? sql`sum(${sumField} * coalesce(t.probability, 0) / 100.0)` : sql`NULL`;
  const selects = [
    ...groups.map((g, i) => sql`${g} AS ${sql.ref(`k${i}`)}`),
    sql`count(*) AS count`,
    sumField ? sql`coalesce(sum(${sumField}), 0) AS amount` : sql`NULL AS amount`,
    sql`${weighted} AS weighted`,
  ];
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${sql.join(selects)} FROM ${sql.table(object)} t
    WHERE ${engine.records.whereClause(meta, { filter }, ctx)}
    ${groups.length ? sql`GROUP BY ${sql.join(groups.map((_, i) => sql.raw(String(i + 1))))}` : sql``}`.execute(db);
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);
  return rows.map((r) => ({
    keys: groups.map((_, i) => (r[`k${i}`] as string | null) ?? null),
    count: Number(r.count),
    amount: num(r.amount),
    weighted: num(r.weighted),
  }));
}

/** The column to sum; a money field in the company currency, so CNY and USD amounts add up. */
async function summed(viewer: Viewer, meta: ObjectMetadata, name: string): Promise<RawBuilder<unknown>> {
  const column = sql.ref(`t.${name}`);
  if (meta.fields.find((f) => f.name === name)?.type !== 'currency') return column;
  return inCompanyCurrency(column, sql.ref(`t.${name}_currency`), await companyCurrencyOf(viewer));
}

/** One total row (count and sum); null when the object is missing or unreadable. */
export async function total(viewer: Viewer, object: string, filter: Filter, sum?: string) {
  const rows = await aggregate(viewer, object, filter, { sum });
  return rows ? { count: rows[0]?.count ?? 0, amount: rows[0]?.amount ?? null } : null;
}
