import type { Filter } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { recordChanges } from '../../../engine/audit/audit.js';
import type { Engine } from '../../../engine/index.js';
import { requireScope, scopeCondition, type AccessContext } from '../../../engine/permissions/access.js';
import { ApiError, badRequest } from '../../../http/errors.js';
import type { Segment } from './segment-service.js';

/** Most records one "add all matching" call puts in a static segment. */
export const MAX_MATCHING = 50_000;

/** The static segment, locked, if the user may update it (404 otherwise; 400 for a dynamic one). */
async function lockStatic(trx: Kysely<Database>, ctx: AccessContext, id: string): Promise<Segment> {
  requireScope(ctx, 'segments', 'update');
  const { rows } = await sql<Segment>`SELECT t.id, t.kind, t.object, t.filter FROM segments t
    WHERE t.id = ${id} AND t.deleted_at IS NULL AND ${scopeCondition(ctx, 'segments', 'update')} FOR UPDATE`.execute(trx);
  const segment = rows[0];
  if (!segment) throw new ApiError('not_found', `segments record ${id} not found`, [{ path: 'id', message: 'no such segment, or not yours to change' }]);
  if (segment.kind !== 'static') throw badRequest('members are picked only for static segments; a dynamic one follows its filter', [{ path: 'kind', message: 'not a static segment' }]);
  return segment;
}

async function memberCount(trx: Kysely<Database>, id: string) {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM marketing_segment_members WHERE segment_id = ${id}`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}

/** Audit entry and outbox event for a change of membership, in the caller's transaction. */
async function recordMembership(trx: Kysely<Database>, ctx: AccessContext, segment: Segment, before: number, change: { added?: number; removed?: number }) {
  const after = await memberCount(trx, segment.id);
  if (after === before) return { ...change, members: after };
  await recordChanges(trx, [{ object: 'segments', recordId: segment.id, action: 'update', actorId: ctx.userId, changes: { members: { from: before, to: after } }, record: { ...segment, members: after } }]);
  return { ...change, members: after };
}

/** Adds records by id; each must be a live record of the segment's object that the user may read (400 naming ids.N). */
export function addMembers(db: Kysely<Database>, ctx: AccessContext, id: string, ids: string[]) {
  return db.transaction().execute(async (trx) => {
    const segment = await lockStatic(trx, ctx, id);
    const { rows } = await sql<{ id: string }>`SELECT t.id FROM ${sql.table(segment.object)} t
      WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND t.deleted_at IS NULL AND ${scopeCondition(ctx, segment.object, 'read')}`.execute(trx);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.findIndex((i) => !found.has(i));
    if (missing >= 0) throw badRequest(`ids.${missing}: no ${segment.object} record ${ids[missing]} you may read`, [{ path: `ids.${missing}`, message: 'no such record' }]);
    const before = await memberCount(trx, id);
    await sql`INSERT INTO marketing_segment_members (segment_id, record_id, added_by)
      SELECT ${id}, r, ${ctx.userId} FROM unnest(${sql.val([...found])}::uuid[]) r ON CONFLICT DO NOTHING`.execute(trx);
    return recordMembership(trx, ctx, segment, before, { added: (await memberCount(trx, id)) - before });
  });
}

/** Removes records by id (ids that are no members are ignored). */
export function removeMembers(db: Kysely<Database>, ctx: AccessContext, id: string, ids: string[]) {
  return db.transaction().execute(async (trx) => {
    const segment = await lockStatic(trx, ctx, id);
    const before = await memberCount(trx, id);
    await sql`DELETE FROM marketing_segment_members WHERE segment_id = ${id} AND record_id = ANY(${sql.val(ids)}::uuid[])`.execute(trx);
    return recordMembership(trx, ctx, segment, before, { removed: before - (await memberCount(trx, id)) });
  });
}

/** Adds every record the user may read that matches a list filter / search (a list view's "add all"). */
export function addMatching(db: Kysely<Database>, engine: Engine, ctx: AccessContext, id: string, params: { filter?: Filter; q?: string }) {
  return db.transaction().execute(async (trx) => {
    const segment = await lockStatic(trx, ctx, id);
    requireScope(ctx, segment.object, 'read');
    const where = engine.records.whereClause(engine.metadata.get(segment.object), params, ctx);
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(segment.object)} t WHERE ${where}`.execute(trx);
    if (Number(rows[0]?.n) > MAX_MATCHING) throw badRequest(`more than ${MAX_MATCHING} records match; narrow the filter`, [{ path: 'filter', message: 'matches too many records' }]);
    const before = await memberCount(trx, id);
    await sql`INSERT INTO marketing_segment_members (segment_id, record_id, added_by)
      SELECT ${id}, t.id, ${ctx.userId} FROM ${sql.table(segment.object)} t WHERE ${where} ON CONFLICT DO NOTHING`.execute(trx);
    return recordMembership(trx, ctx, segment, before, { added: (await memberCount(trx, id)) - before });
  });
}
