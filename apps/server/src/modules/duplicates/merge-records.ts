import type { FieldDefinition, ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { recordChanges } from '../../engine/audit/audit.js';
import type { AccessContext, Engine } from '../../engine/index.js';
import { comparable } from '../../engine/metadata/columns.js';
import { requireScope, scopeCondition } from '../../engine/permissions/access.js';
import { selectColumns, toApiRecord } from '../../engine/records/row-mapping.js';
import { ApiError, badRequest, parseInput, toApiError } from '../../http/errors.js';
import { countByObject, findLinks, relink } from './related-links.js';

export const MAX_MERGED = 20;

export const mergeInput = z.object({
  survivorId: z.uuid(),
  mergedIds: z.array(z.uuid()).min(1).max(MAX_MERGED),
  /** field → the id of the record (survivor or merged) whose value survives, or {value} / a literal value. */
  values: z.record(z.string(), z.unknown()).default({}),
});
export type MergeInput = z.infer<typeof mergeInput>;

type Row = Record<string, unknown>;

/** Fields a merge may set: the user's own data, not ids, versions or timestamps. */
export function mergeableFields(meta: ObjectMetadata): FieldDefinition[] {
  return meta.fields.filter((f) => !f.archived && !f.system);
}

/**
 * Merges duplicates into one survivor, in one transaction: the chosen values are written to the
 * survivor, every record related to a merged one (any relation field of any object) moves to the
 * survivor, the merged records go to the recycle bin, and a merge row keeps what undo needs.
 * Every write goes through the engine (validation, hooks, audit, events); any failure rolls all
 * of it back. Needs update on the survivor and delete on the merged records.
 */
export async function mergeRecords(engine: Engine, db: Kysely<Database>, object: string, body: unknown, ctx: AccessContext) {
  const input = parseInput(mergeInput, body);
  const meta = await engine.records.object(object);
  requireScope(ctx, object, 'update');
  requireScope(ctx, object, 'delete');
  const survivorId = input.survivorId.toLowerCase();
  const mergedIds = input.mergedIds.map((id) => id.toLowerCase());
  mergedIds.forEach((id, i) => {
    if (id === survivorId) throw badRequest('the survivor cannot also be merged away', [{ path: `mergedIds.${i}`, message: 'is the survivorId' }]);
    if (mergedIds.indexOf(id) !== i) throw badRequest('a record is listed twice', [{ path: `mergedIds.${i}`, message: 'listed twice' }]);
  });
  const fields = mergeableFields(meta);
  for (const name of Object.keys(input.values)) {
    if (!fields.some((f) => f.name === name)) throw badRequest(`unknown or read-only field: ${name}`, [{ path: `values.${name}`, message: 'unknown or read-only field' }]);
  }

  return db.transaction().execute(async (trx) => {
    const records = engine.records.inTransaction(trx);
    const survivor = await lockRecords(trx, meta, [survivorId], ctx, 'update', 'survivorId');
    const merged = await lockRecords(trx, meta, mergedIds, ctx, 'delete', 'mergedIds');
    const sources = new Map<string, Row>([[survivorId, survivor[0]], ...merged.map((r) => [r.id as string, r] as [string, Row])]);

    const payload: Row = {};
    for (const [name, choice] of Object.entries(input.values)) {
      const value = typeof choice === 'string' && sources.has(choice.toLowerCase()) ? sources.get(choice.toLowerCase())![name] : isExplicit(choice) ? choice.value : choice;
      if (comparable(value) !== comparable(survivor[0][name])) payload[name] = value;
    }
    const before = Object.fromEntries(Object.keys(payload).map((name) => [name, survivor[0][name]]));
    const updated = Object.keys(payload).length
      ? await withPath('values', () => records.update(object, survivorId, payload, ctx))
      : survivor[0];

    const moved = await findLinks(trx, engine.metadata, object, mergedIds, mergedIds);
    await relink(records, moved, () => survivorId, ctx);
    await withPath('', () => records.bulkRemove(object, mergedIds, ctx), (path) => path.replace(/^ids\./, 'mergedIds.'));

    const version = await currentVersion(trx, object, survivorId);
    const merge = await trx
      .insertInto('merges')
      .values({ object, survivor_id: survivorId, merged_ids: mergedIds, actor_id: ctx.userId, survivor_before: JSON.stringify(before), survivor_version: version, moved: JSON.stringify(moved) })
      .returning(['id', 'at'])
      .executeTakeFirstOrThrow();
    const summary = { mergeId: merge.id, mergedIds, moved: countByObject(moved) };
    await recordChanges(trx, [
      { object, recordId: survivorId, action: 'merge', actorId: ctx.userId, changes: { merged_ids: { from: null, to: mergedIds } }, record: { ...updated, ...summary } },
    ]);
    return { ...summary, survivor: updated };
  });
}

function isExplicit(choice: unknown): choice is { value: unknown } {
  return !!choice && typeof choice === 'object' && !Array.isArray(choice) && Object.keys(choice).length === 1 && 'value' in choice;
}

/**
 * Locks live records the user may act on, in id order (two merges of the same records cannot
 * deadlock). A missing or out-of-scope record is a 404 naming its place in the input.
 */
export async function lockRecords(trx: Kysely<Database>, meta: ObjectMetadata, ids: string[], ctx: AccessContext, action: 'update' | 'delete', path: string, deleted = false): Promise<Row[]> {
  const fields = meta.fields.filter((f) => !f.archived);
  const { rows } = await sql<Row>`
    SELECT ${selectColumns(fields)} FROM ${sql.table(meta.name)} t
    WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND ${scopeCondition(ctx, meta.name, action)}
      AND ${deleted ? sql`t.deleted_at IS NOT NULL` : sql`t.deleted_at IS NULL`}
    ORDER BY t.id FOR UPDATE`.execute(trx);
  const byId = new Map(rows.map((r) => [r.id as string, toApiRecord(fields, r)]));
  ids.forEach((id, i) => {
    if (!byId.has(id)) {
      const where = ids.length === 1 && path === 'survivorId' ? path : `${path}.${i}`;
      throw new ApiError('not_found', `${meta.name} record ${id} not found`, [{ path: where, message: deleted ? 'no such deleted record, or not yours to change' : 'no such record, or not yours to change' }]);
    }
  });
  return ids.map((id) => byId.get(id)!);
}

export async function currentVersion(trx: Kysely<Database>, object: string, id: string): Promise<number> {
  const { rows } = await sql<{ version: number }>`SELECT version FROM ${sql.table(object)} WHERE id = ${id}`.execute(trx);
  return rows[0].version;
}

/** Re-labels the paths of an engine error so they name the merge input (values.name, mergedIds.1). */
async function withPath<T>(prefix: string, fn: () => Promise<T>, rewrite?: (path: string) => string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const apiError = toApiError(error);
    if (!apiError) throw error;
    const fix = rewrite ?? ((path: string) => (path ? `${prefix}.${path}` : prefix));
    throw new ApiError(apiError.code, apiError.message, apiError.details.map((d) => ({ ...d, path: fix(d.path) })));
  }
}
