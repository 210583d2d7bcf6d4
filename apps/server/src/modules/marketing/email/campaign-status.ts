import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../../engine/permissions/access.js';

const ORDER = ['sent', 'opened', 'clicked', 'responded', 'converted'];

/**
 * A send's campaign learns what the e-mail did: the contact becomes a member ("sent") if it was
 * not one, and its status only moves forward (sent → opened → clicked; a response stays). Through
 * the engine, so each change is audited.
 */
export async function advanceMember(trx: Kysely<Database>, engine: Engine, campaignId: string | null, contactId: string, status: 'sent' | 'opened' | 'clicked') {
  if (!campaignId) return;
  const records = engine.records.inTransaction(trx);
  const { rows } = await sql<{ id: string; status: string | null }>`
    SELECT id, status FROM campaign_members WHERE campaign_id = ${campaignId} AND contact_id = ${contactId} AND deleted_at IS NULL LIMIT 1`.execute(trx);
  const member = rows[0];
  if (!member) {
    await records.create('campaign_members', { campaign_id: campaignId, contact_id: contactId, status }, SYSTEM_CONTEXT, { trx });
  } else if (ORDER.indexOf(member.status ?? 'sent') < ORDER.indexOf(status)) {
    await records.update('campaign_members', member.id, { status }, SYSTEM_CONTEXT, { trx });
  }
}
