import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { recordChanges } from '../../../engine/audit/audit.js';
import type { Engine } from '../../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../../engine/permissions/access.js';

export type SendStatus = 'draft' | 'sending' | 'completed' | 'cancelled';

/**
 * Moves a send to another status (a system field no form may write), with its audit entry and
 * event in the caller's transaction, like any engine write. Returns false when it was not in `from`.
 */
export async function setSendStatus(trx: Kysely<Database>, engine: Engine, id: string, from: SendStatus[], to: SendStatus, actorId: string | null): Promise<boolean> {
  const started = to === 'sending' ? sql`, started_at = now()` : sql``;
  const { rows } = await sql<{ previous: string | null }>`
    UPDATE marketing_sends t SET status = ${to}, version = t.version + 1, updated_at = now(), updated_by = ${actorId}${started}
    FROM (SELECT id, status AS previous FROM marketing_sends WHERE id = ${id} FOR UPDATE) p
    WHERE t.id = p.id AND coalesce(p.previous, 'draft') = ANY(${sql.val(from)}::text[]) AND t.deleted_at IS NULL
    RETURNING p.previous`.execute(trx);
  if (!rows.length) return false;
  const record = await engine.records.inTransaction(trx).get('marketing_sends', id, SYSTEM_CONTEXT);
  await recordChanges(trx, [{ object: 'marketing_sends', recordId: id, action: 'update', actorId, changes: { status: { from: rows[0].previous ?? 'draft', to } }, record }]);
  return true;
}

