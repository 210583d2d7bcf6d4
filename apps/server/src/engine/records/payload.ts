import { recordPayloadSchema, type FieldDefinition, type ObjectMetadata, type RecordSchemaMode, type RegionValue } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/types.js';
import { ApiError, badRequest, validationError } from '../../http/errors.js';
import { fieldAccess, scopeCondition, type AccessContext } from '../permissions/access.js';
import { normaliseRegionValue } from '../regions/divisions.js';
import { takeHistoricalDates, withHistoricalDates } from './historical-dates.js';

const schemaCache = new WeakMap<ObjectMetadata, Record<RecordSchemaMode, z.ZodType>>();

function payloadSchema(meta: ObjectMetadata, mode: RecordSchemaMode): z.ZodType {
  let cached = schemaCache.get(meta);
  if (!cached) {
    cached = { create: recordPayloadSchema(meta.fields, 'create'), update: recordPayloadSchema(meta.fields, 'update') };
    schemaCache.set(meta, cached);
  }
  return cached[mode];
}

/**
 * Validates a create/update payload against the object's metadata and the user's field rules.
 * `path` prefixes error paths so a bulk call can name the row (rows.3.email).
 */
export function parsePayload(
  meta: ObjectMetadata,
  body: unknown,
  mode: RecordSchemaMode,
  ctx: AccessContext,
  path = '',
): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('the body must be a JSON object of field values', [{ path, message: 'must be an object' }]);
  }
  const { version: _version, ...input } = body as Record<string, unknown>;
  const history = takeHistoricalDates(meta, input, ctx, path);
  const result = payloadSchema(meta, mode).safeParse(input);
  if (!result.success) throw validationError(result.error, path);
  const values = withHistoricalDates(result.data as Record<string, unknown>, history);
  normaliseRegions(meta, values);
  checkStorable(meta, values, path);
  for (const name of Object.keys(values)) {
    if (name in history) continue;
    const access = fieldAccess(ctx, meta.name, name);
    if (access !== 'write') {
      throw new ApiError('forbidden', `you may not change ${name}`, [{ path: [path, name].filter(Boolean).join('.'), message: `field is ${access}` }]);
    }
  }
  if (mode === 'create') {
    for (const field of meta.fields) {
      if (values[field.name] === undefined && field.defaultValue !== undefined && !field.system && !field.archived) {
        values[field.name] = field.defaultValue;
      }
    }
  }
  return values;
}

/** Regions are stored as the administrative divisions they name (浙江 宁波 → 浙江省/宁波市, code 3302); unknown text stays as typed. */
function normaliseRegions(meta: ObjectMetadata, values: Record<string, unknown>) {
  for (const field of meta.fields) {
    const value = values[field.name];
    if (field.type === 'region' && value && typeof value === 'object') values[field.name] = normaliseRegionValue(value as RegionValue).value;
  }
}

// What the columns can hold (integer, numeric(18,2), numeric(7,2)); beyond it PostgreSQL raises an
// error that names no field, so refuse such values here with the field's path.
const COLUMN_LIMITS: Partial<Record<FieldDefinition['type'], number>> = { integer: 2_147_483_647, currency: 1e16 - 1, percent: 99_999.99 };

/**
 * Checks the schema cannot express: a required text that trims to '' (stored as NULL), NUL
 * characters (PostgreSQL text cannot hold them) and numbers too large for their column.
 */
function checkStorable(meta: ObjectMetadata, values: Record<string, unknown>, path: string) {
  const fail = (name: string, message: string) => {
    const at = [path, name].filter(Boolean).join('.');
    throw badRequest(`invalid ${at}: ${message}`, [{ path: at, message }]);
  };
  for (const field of meta.fields) {
    const value = values[field.name];
    if (value === undefined || value === null) continue;
    if (field.required && (value === '' || (Array.isArray(value) && !value.length))) fail(field.name, 'is required');
    if (JSON.stringify(value).includes('\\u0000')) fail(field.name, 'must not contain NUL characters');
    const limit = COLUMN_LIMITS[field.type];
    const amount = field.type === 'currency' ? (value as { amount: number }).amount : value;
    if (limit !== undefined && typeof amount === 'number' && Math.abs(amount) > limit) fail(field.name, `must be at most ${limit} in size`);
  }
}

/** Relation and user values must point at live records the user can see. */
export async function checkReferences(
  db: Kysely<Database>,
  meta: ObjectMetadata,
  rows: Record<string, unknown>[],
  ctx: AccessContext,
  pathOf: (index: number) => string = () => '',
) {
  const refFields = meta.fields.filter((f) => f.type === 'relation' || f.type === 'user');
  for (const field of refFields) {
    const ids = [...new Set(rows.map((r) => r[field.name]).filter((v): v is string => typeof v === 'string'))];
    if (!ids.length) continue;
    const found = await findExisting(db, field, ids, ctx);
    rows.forEach((row, index) => {
      const id = row[field.name];
      if (typeof id === 'string' && !found.has(id)) {
        const target = field.type === 'user' ? 'user' : field.relation?.object;
        const at = [pathOf(index), field.name].filter(Boolean).join('.');
        throw badRequest(`${at}: no such ${target} ${id}`, [{ path: at, message: `no such ${target}` }]);
      }
    });
  }
}

async function findExisting(db: Kysely<Database>, field: FieldDefinition, ids: string[], ctx: AccessContext) {
  if (field.type === 'user') {
    const users = await db.selectFrom('users').select('id').where('id', 'in', ids).where('active', '=', true).execute();
    return new Set(users.map((u) => u.id));
  }
  const target = field.relation!.object;
  const { rows } = await sql<{ id: string }>`
    SELECT t.id FROM ${sql.table(target)} t
    WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND t.deleted_at IS NULL AND ${scopeCondition(ctx, target, 'read')}`.execute(db);
  return new Set(rows.map((r) => r.id));
}

export function requireOwnerAllowed(allowed: boolean, path = '') {
  if (!allowed) {
    throw new ApiError('forbidden', 'you may not assign this owner', [{ path: [path, 'owner_id'].filter(Boolean).join('.'), message: 'owner outside your scope' }]);
  }
}

