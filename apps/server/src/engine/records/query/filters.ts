import type { FieldDefinition, Filter, FilterCondition, ObjectMetadata } from '@crm/schema';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { badRequest } from '../../../http/errors.js';
import { fieldAccess, type AccessContext } from '../../permissions/access.js';

const NUMERIC = new Set(['integer', 'decimal', 'currency', 'percent']);
const TEXTUAL = new Set(['text', 'long_text', 'email', 'phone', 'url', 'select']);
const ARRAYS = new Set(['tags', 'multi_select']);
const ORDERED = new Set([...NUMERIC, 'date', 'datetime']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Sql = RawBuilder<SqlBool>;

function fail(field: string, message: string): never {
  throw badRequest(`invalid filter on ${field}: ${message}`, [{ path: `filter.${field}`, message }]);
}

/** Checks and converts one filter value to what the column holds. */
function scalar(field: FieldDefinition, value: unknown, ctx: AccessContext): unknown {
  if (value === null || value === undefined) fail(field.name, 'a value is required');
  if (NUMERIC.has(field.type)) {
    const n = typeof value === 'number' ? value : Number(value);
    if (typeof value === 'boolean' || !Number.isFinite(n)) fail(field.name, 'must be a number');
    return n;
  }
  switch (field.type) {
    case 'boolean':
      if (typeof value !== 'boolean') fail(field.name, 'must be true or false');
      return value;
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) fail(field.name, 'must be a date as YYYY-MM-DD');
      return value;
    case 'datetime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) fail(field.name, 'must be a date-time');
      return new Date(value).toISOString();
    case 'user':
    case 'relation':
      if (value === 'me' && field.type === 'user') return ctx.userId;
      if (typeof value !== 'string' || !UUID.test(value)) fail(field.name, 'must be a record id');
      return value;
    default:
      if (typeof value !== 'string' && typeof value !== 'number') fail(field.name, 'must be text');
      if (String(value).includes('\u0000')) fail(field.name, 'must not contain NUL characters');
      return String(value);
  }
}

function list(field: FieldDefinition, value: unknown, ctx: AccessContext): unknown[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 1000) fail(field.name, 'must be a list of 1 to 1000 values');
  return value.map((v) => scalar(field, v, ctx));
}

function likePattern(value: string, prefixOnly: boolean) {
  const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return prefixOnly ? `${escaped}%` : `%${escaped}%`;
}

function pgArrayType(field: FieldDefinition) {
  if (NUMERIC.has(field.type)) return sql.raw('numeric[]');
  if (field.type === 'user' || field.type === 'relation') return sql.raw('uuid[]');
  if (field.type === 'date') return sql.raw('date[]');
  if (field.type === 'boolean') return sql.raw('boolean[]');
  if (field.type === 'datetime') return sql.raw('timestamptz[]');
  return sql.raw('text[]');
}

function condition(meta: ObjectMetadata, cond: FilterCondition, ctx: AccessContext, alias: string): Sql {
  const field = meta.fields.find((f) => f.name === cond.field && !f.archived);
  if (!field || fieldAccess(ctx, meta.name, field.name) === 'hidden') fail(cond.field, `unknown field '${cond.field}'`);
  const col = sql.ref(`${alias}.${field.name}`);
  const { op } = cond;

  if (op === 'empty') return ARRAYS.has(field.type) ? sql<SqlBool>`coalesce(cardinality(${col}), 0) = 0` : sql<SqlBool>`${col} IS NULL`;
  if (op === 'not_empty') return ARRAYS.has(field.type) ? sql<SqlBool>`cardinality(${col}) > 0` : sql<SqlBool>`${col} IS NOT NULL`;

  if (ARRAYS.has(field.type)) {
    const values = op === 'in' || op === 'nin' ? list(field, cond.value, ctx) : [scalar(field, cond.value, ctx)];
    const arr = sql`${sql.val(values)}::text[]`;
    switch (op) {
      case 'eq':
      case 'contains':
        return sql<SqlBool>`${col} @> ${arr}`;
      case 'in':
        return sql<SqlBool>`${col} && ${arr}`;
      case 'ne':
        return sql<SqlBool>`NOT coalesce(${col} @> ${arr}, false)`;
      case 'nin':
        return sql<SqlBool>`NOT coalesce(${col} && ${arr}, false)`;
      default:
        fail(field.name, `operator '${op}' does not apply to ${field.type}`);
    }
  }

  if (field.type === 'region') {
    const value = cond.value as Record<string, unknown>;
    if (op !== 'eq' && op !== 'contains') fail(field.name, `operator '${op}' does not apply to region`);
    if (typeof value === 'string') return sql<SqlBool>`${col}::text ILIKE ${likePattern(value, false)}`;
    if (!value || typeof value !== 'object') fail(field.name, 'must be {province, city?, district?}');
    return sql<SqlBool>`${col} @> ${JSON.stringify(value)}::jsonb`;
  }

  switch (op) {
    case 'eq':
      return sql<SqlBool>`${col} = ${scalar(field, cond.value, ctx)}`;
    case 'ne':
      return sql<SqlBool>`${col} IS DISTINCT FROM ${scalar(field, cond.value, ctx)}`;
    case 'in':
    case 'nin': {
      // id is a uuid column compared with text values (a selection of ids), like eq does implicitly.
      const target = field.name === 'id' ? sql`${col}::text` : col;
      const any = sql<SqlBool>`${target} = ANY(${sql.val(list(field, cond.value, ctx))}::${pgArrayType(field)})`;
      return op === 'in' ? any : sql<SqlBool>`NOT (${any}) OR ${col} IS NULL`;
    }
    case 'contains':
    case 'starts_with': {
      if (!TEXTUAL.has(field.type)) fail(field.name, `operator '${op}' needs a text field`);
      const value = String(scalar(field, cond.value, ctx));
      // id is a uuid column (a 'text' field to clients): ILIKE needs it as text.
      const target = field.name === 'id' ? sql`${col}::text` : col;
      return sql<SqlBool>`${target} ILIKE ${likePattern(value, op === 'starts_with')}`;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (!ORDERED.has(field.type)) fail(field.name, `operator '${op}' needs a number or date field`);
      const symbol = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op];
      return sql<SqlBool>`${col} ${sql.raw(symbol)} ${scalar(field, cond.value, ctx)}`;
    }
    case 'between': {
      if (!ORDERED.has(field.type)) fail(field.name, `operator 'between' needs a number or date field`);
      if (!Array.isArray(cond.value) || cond.value.length !== 2) fail(field.name, 'between needs [from, to]');
      const [from, to] = cond.value.map((v) => scalar(field, v, ctx));
      return sql<SqlBool>`${col} BETWEEN ${from} AND ${to}`;
    }
  }
  fail(field.name, `unknown operator '${op as string}'`);
}

/** Compiles a filter tree to SQL against the object's table alias. */
export function compileFilter(meta: ObjectMetadata, filter: Filter, ctx: AccessContext, alias = 't'): Sql {
  if ('and' in filter) {
    if (!filter.and.length) return sql<SqlBool>`true`;
    return sql<SqlBool>`(${sql.join(filter.and.map((f) => compileFilter(meta, f, ctx, alias)), sql` AND `)})`;
  }
  if ('or' in filter) {
    if (!filter.or.length) return sql<SqlBool>`false`;
    return sql<SqlBool>`(${sql.join(filter.or.map((f) => compileFilter(meta, f, ctx, alias)), sql` OR `)})`;
  }
  return sql<SqlBool>`(${condition(meta, filter, ctx, alias)})`;
}
