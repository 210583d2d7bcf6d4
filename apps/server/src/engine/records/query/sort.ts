import type { ObjectMetadata } from '@crm/schema';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { badRequest } from '../../../http/errors.js';
import { fieldAccess, type AccessContext } from '../../permissions/access.js';

export interface SortKey {
  field: string;
  desc: boolean;
}

const NOT_NULL = new Set(['id', 'created_at', 'updated_at', 'version']);
const UNSORTABLE = new Set(['tags', 'multi_select', 'region', 'long_text']);

/** Parses "-amount,name" into sort keys; id is always appended as the tie-breaker for stable cursors. */
export function parseSort(meta: ObjectMetadata, input: string | undefined, ctx: AccessContext): SortKey[] {
  const keys: SortKey[] = [];
  for (const part of (input || meta.defaultSort).split(',').map((s) => s.trim()).filter(Boolean)) {
    const desc = part.startsWith('-');
    const name = desc ? part.slice(1) : part;
    const field = meta.fields.find((f) => f.name === name && !f.archived);
    if (!field || fieldAccess(ctx, meta.name, name) === 'hidden') {
      throw badRequest(`cannot sort by unknown field '${name}'`, [{ path: 'sort', message: `unknown field '${name}'` }]);
    }
    if (UNSORTABLE.has(field.type)) {
      throw badRequest(`cannot sort by ${field.type} field '${name}'`, [{ path: 'sort', message: `${field.type} fields are not sortable` }]);
    }
    if (name !== 'id') keys.push({ field: name, desc });
  }
  // At most three keys of the caller's, then id: cutting after appending id would drop the
  // tie-breaker, and pages over equal keys would skip or repeat rows.
  const used = keys.slice(0, 3);
  used.push({ field: 'id', desc: used.length ? used[used.length - 1].desc : true });
  return used;
}

/**
 * ORDER BY with NULLS LAST either way, matching the cursor condition below. Columns that are never
 * NULL get no NULLS clause: the result is the same, and only then does "created_at DESC, id DESC"
 * match the (created_at DESC, id DESC) indexes, so a page is read from the index instead of sorting
 * the whole table.
 */
export function orderBy(keys: SortKey[], alias = 't') {
  return sql.join(
    keys.map((k) => sql`${sql.ref(`${alias}.${k.field}`)} ${sql.raw(k.desc ? 'DESC' : 'ASC')}${sql.raw(NOT_NULL.has(k.field) ? '' : ' NULLS LAST')}`),
  );
}

export function encodeCursor(keys: SortKey[], row: Record<string, unknown>): string {
  const values = keys.map((k) => {
    const v = row[k.field];
    return v instanceof Date ? v.toISOString() : v ?? null;
  });
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, count: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === count) return values;
  } catch {
    // fall through
  }
  throw badRequest('invalid cursor', [{ path: 'cursor', message: 'not a cursor from this list with this sort' }]);
}

/**
 * Rows strictly after the cursor in (k1, k2, …, id) order, where NULLs sort last:
 * for each key i, rows equal on keys before i and after on key i.
 */
export function afterCursor(keys: SortKey[], cursor: string, alias = 't'): RawBuilder<SqlBool> {
  const values = decodeCursor(cursor, keys.length);
  if (keys.every((k) => NOT_NULL.has(k.field) && k.desc === keys[0].desc)) {
    // Row comparison lets PostgreSQL walk the (created_at, id) index directly.
    const cols = sql.join(keys.map((k) => sql.ref(`${alias}.${k.field}`)));
    return sql<SqlBool>`(${cols}) ${sql.raw(keys[0].desc ? '<' : '>')} (${sql.join(values.map((v) => sql`${v}`))})`;
  }
  const branches: RawBuilder<SqlBool>[] = [];
  for (let i = 0; i < keys.length; i++) {
    const equal = keys.slice(0, i).map((k, j) => {
      const col = sql.ref(`${alias}.${k.field}`);
      return values[j] === null ? sql`${col} IS NULL` : sql`${col} = ${values[j]}`;
    });
    const col = sql.ref(`${alias}.${keys[i].field}`);
    const v = values[i];
    const after =
      v === null
        ? sql`false`
        : sql`(${col} ${sql.raw(keys[i].desc ? '<' : '>')} ${v} OR ${col} IS NULL)`;
    branches.push(sql<SqlBool>`(${sql.join([...equal, after], sql` AND `)})`);
  }
  return sql<SqlBool>`(${sql.join(branches, sql` OR `)})`;
}
