import type { Filter, ObjectMetadata } from '@crm/schema';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/types.js';
import { badRequest } from '../../http/errors.js';
import { inCompanyCurrency, readCompanyDefaults, type CompanyDefaults } from '../money/company-currency.js';
import { fieldAccess, requireScope, type AccessContext } from '../permissions/access.js';
import type { RecordService } from './record-service.js';

export interface AggregateParams {
  /** Field to group by; date/datetime fields take a bucket: expected_close_date:month. */
  groupBy?: string;
  /** count, sum:amount, avg:probability, min:…, max:… */
  metrics: string[];
  filter?: Filter;
  q?: string;
}

export interface AggregateRow {
  key: unknown;
  [metric: string]: unknown;
}

const GROUPABLE = new Set(['select', 'user', 'relation', 'boolean', 'text', 'email', 'phone', 'integer', 'date', 'datetime']);
const NUMERIC = new Set(['integer', 'decimal', 'currency', 'percent']);
const BUCKETS = new Set(['day', 'week', 'month', 'quarter', 'year']);
const FUNCTIONS = new Set(['sum', 'avg', 'min', 'max']);
const MAX_GROUPS = 1000;

function usableField(meta: ObjectMetadata, name: string, ctx: AccessContext, path: string) {
  const field = meta.fields.find((f) => f.name === name && !f.archived);
  if (!field || fieldAccess(ctx, meta.name, name) === 'hidden') {
    throw badRequest(`unknown field '${name}'`, [{ path, message: `unknown field '${name}'` }]);
  }
  return field;
}

/**
 * Counts and sums over the records the user may read, grouped by a field: stage totals on the
 * kanban, dashboard charts. Uses the same WHERE as lists, so permissions and filters apply.
 * Money is converted into the company currency, so amounts in CNY and USD add up.
 */
export async function aggregateRecords(
  db: Kysely<Database>,
  records: RecordService,
  object: string,
  params: AggregateParams,
  ctx: AccessContext,
): Promise<AggregateRow[]> {
  const meta = await records.object(object);
  requireScope(ctx, object, 'read');
  const selects: RawBuilder<unknown>[] = [];
  let money: CompanyDefaults | undefined;
  let groupExpr: RawBuilder<unknown> | null = null;
  if (params.groupBy) {
    const [name, bucket] = params.groupBy.split(':');
    const field = usableField(meta, name, ctx, 'groupBy');
    if (!GROUPABLE.has(field.type)) throw badRequest(`cannot group by ${field.type} field '${name}'`, [{ path: 'groupBy', message: 'not groupable' }]);
    const col = sql.ref(`t.${name}`);
    if (bucket) {
      if (!BUCKETS.has(bucket) || (field.type !== 'date' && field.type !== 'datetime')) {
        throw badRequest(`bucket '${bucket}' needs a date field and one of ${[...BUCKETS].join(', ')}`, [{ path: 'groupBy', message: 'bad bucket' }]);
      }
      groupExpr = sql`to_char(date_trunc(${bucket}, ${col}), 'YYYY-MM-DD')`;
    } else {
      groupExpr = field.type === 'date' ? sql`${col}::text` : col;
    }
    selects.push(sql`${groupExpr} AS key`);
  } else {
    selects.push(sql`NULL AS key`);
  }
  for (const metric of params.metrics.length ? params.metrics : ['count']) {
    if (metric === 'count') {
      selects.push(sql`count(*) AS count`);
      continue;
    }
    const [fn, name] = metric.split(':');
    if (!FUNCTIONS.has(fn) || !name) throw badRequest(`unknown metric '${metric}'`, [{ path: 'metrics', message: 'use count, sum:field, avg:field, min:field or max:field' }]);
    const field = usableField(meta, name, ctx, 'metrics');
    if (!NUMERIC.has(field.type)) throw badRequest(`${fn} needs a number field, '${name}' is ${field.type}`, [{ path: 'metrics', message: 'not a number field' }]);
    const column = sql.ref(`t.${name}`);
    const value =
      field.type === 'currency'
        ? sql`round(${sql.raw(fn)}(${inCompanyCurrency(column, sql.ref(`t.${name}_currency`), (money ??= await readCompanyDefaults(db)))}), 2)`
        : sql`${sql.raw(fn)}(${column})`;
    selects.push(sql`${value} AS ${sql.ref(`${fn}_${name}`)}`);
  }
  const where = records.whereClause(meta, { filter: params.filter, q: params.q }, ctx);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${sql.join(selects)} FROM ${sql.table(object)} t WHERE ${where}
    ${groupExpr ? sql`GROUP BY 1 ORDER BY 2 DESC LIMIT ${MAX_GROUPS}` : sql``}`.execute(db);
  // count and sums arrive as text (bigint/numeric); numbers are what callers chart.
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === 'key' || v === null ? v : Number(v)])),
  ) as AggregateRow[];
}
