import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import type { AccessContext } from '../../../engine/permissions/access.js';
import { badRequest } from '../../../http/errors.js';
import { loadSegment, segmentCondition } from '../segments/segment-service.js';

/** Most members one "add from segment" call adds. */
export const MAX_FROM_SEGMENT = 5000;
const CHUNK = 500;
const MEMBER_OBJECTS: Record<string, 'contact_id' | 'lead_id'> = { contacts: 'contact_id', leads: 'lead_id' };

/**
 * A member is exactly one contact or lead, at most once per campaign; its name is copied from that
 * record so lists say who it is. Checked on every write, so the API, imports and the routes below agree.
 */
export function registerMemberChecks(engine: Engine) {
  const check = async ({ values, previous, trx }: { values: Record<string, unknown>; previous?: Record<string, unknown>; trx: Kysely<Database> }) => {
    const merged = { ...previous, ...values };
    if (previous && values.campaign_id === undefined && values.contact_id === undefined && values.lead_id === undefined) return;
    const link = merged.contact_id ? 'contact_id' : 'lead_id';
    if (!merged.contact_id === !merged.lead_id) throw badRequest('a campaign member is one contact or one lead', [{ path: merged.contact_id ? 'lead_id' : 'contact_id', message: 'give either contact_id or lead_id' }]);
    const table = link === 'contact_id' ? 'contacts' : 'leads';
    const { rows } = await sql<{ name: string }>`SELECT name FROM ${sql.table(table)} WHERE id = ${merged[link]}`.execute(trx);
    values.name = rows[0]?.name?.slice(0, 200) ?? null;
    const dup = await sql`SELECT 1 FROM campaign_members WHERE campaign_id = ${merged.campaign_id} AND ${sql.ref(link)} = ${merged[link]}
      AND deleted_at IS NULL AND id IS DISTINCT FROM ${(previous?.id as string) ?? null} LIMIT 1`.execute(trx);
    if (dup.rows.length) throw badRequest(`this ${table === 'contacts' ? 'contact' : 'lead'} is already a member of the campaign`, [{ path: link, message: 'already a member' }]);
  };
  engine.hooks.on('campaign_members', 'beforeCreate', check);
  engine.hooks.on('campaign_members', 'beforeUpdate', check);
}

/**
 * Adds every record of a contacts or leads segment the user may read that is not yet a member,
 * through the engine (so each member is checked, audited and announced) in one transaction.
 */
export async function addFromSegment(db: Kysely<Database>, engine: Engine, ctx: AccessContext, campaignId: string, segmentId: string, status: string) {
  await engine.records.get('campaigns', campaignId, ctx);
  const segment = await loadSegment(engine, segmentId, ctx).catch(() => {
    throw badRequest(`segmentId: no segment ${segmentId} you may read`, [{ path: 'segmentId', message: 'no such segment' }]);
  });
  const link = MEMBER_OBJECTS[segment.object];
  if (!link) throw badRequest(`segmentId: a campaign takes contacts or leads, this segment selects ${segment.object}`, [{ path: 'segmentId', message: 'not a segment of contacts or leads' }]);
  const meta = engine.metadata.get(segment.object);
  const notYet = sql<boolean>`NOT EXISTS (SELECT 1 FROM campaign_members m WHERE m.campaign_id = ${campaignId} AND m.${sql.ref(link)} = t.id AND m.deleted_at IS NULL)`;
  const where = engine.records.whereClause(meta, { extra: [segmentCondition(engine, segment, ctx), notYet] }, ctx);
  const { rows } = await sql<{ id: string }>`SELECT t.id FROM ${sql.table(segment.object)} t WHERE ${where} LIMIT ${MAX_FROM_SEGMENT + 1}`.execute(db);
  if (rows.length > MAX_FROM_SEGMENT) throw badRequest(`segmentId: more than ${MAX_FROM_SEGMENT} new members; use a narrower segment`, [{ path: 'segmentId', message: 'too many records' }]);
  return addByIds(db, engine, ctx, campaignId, link, rows.map((r) => r.id), status);
}

/** Adds contacts or leads by id in one transaction; the engine checks each reference (400 naming rows.N.contact_id). */
export async function addByIds(db: Kysely<Database>, engine: Engine, ctx: AccessContext, campaignId: string, link: 'contact_id' | 'lead_id', ids: string[], status: string) {
  await engine.records.get('campaigns', campaignId, ctx);
  if (!ids.length) return { added: 0 };
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = ids.slice(i, i + CHUNK).map((id) => ({ campaign_id: campaignId, [link]: id, status }));
      await engine.records.bulkCreate('campaign_members', rows, ctx, 'rows', { trx });
    }
  });
  return { added: ids.length };
}
