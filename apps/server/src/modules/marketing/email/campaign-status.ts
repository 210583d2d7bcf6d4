import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../../engine/permissions/access.js';

const ORDER = ['sent', 'opened', 'clicked', 'responded', 'converted'];

/** Who a recipient is: a contact or a lead (exactly one set). */
export interface Person {
  contact_id: string | null;
  lead_id: string | null;
}

const memberOf = (p: Person) => (p.contact_id ? sql`contact_id = ${p.contact_id}` : sql`lead_id = ${p.lead_id}`);

/**
 * A send's campaign learns what the e-mail did: the contact or lead becomes a member ("sent") if it
 * was not one, and its status only moves forward (sent → opened → clicked; a response stays).
 * Through the engine, so each change is audited.
 */
export async function advanceMember(trx: Kysely<Database>, engine: Engine, campaignId: string | null, person: Person, status: 'sent' | 'opened' | 'clicked') {
  if (!campaignId) return;
  const records = engine.records.inTransaction(trx);
  const { rows } = await sql<{ id: string; status: string | null }>`
    SELECT id, status FROM campaign_members WHERE campaign_id = ${campaignId} AND ${memberOf(person)} AND deleted_at IS NULL LIMIT 1`.execute(trx);
  const member = rows[0];
  if (!member) {
    await records.create('campaign_members', { campaign_id: campaignId, contact_id: person.contact_id, lead_id: person.lead_id, status }, SYSTEM_CONTEXT, { trx });
  } else if (ORDER.indexOf(member.status ?? 'sent') < ORDER.indexOf(status)) {
    await records.update('campaign_members', member.id, { status }, SYSTEM_CONTEXT, { trx });
  }
}

/**
 * "Sent" for a batch of delivered recipients: only people who are no member any more (removed
 * while the send ran) are added, in one bulk write; "sent" is the first status, so members stay.
 */
export async function markSent(trx: Kysely<Database>, engine: Engine, campaignId: string | null, people: Person[]) {
  if (!campaignId || !people.length) return;
  const { rows } = await sql<Person>`
    SELECT p.contact_id, p.lead_id FROM unnest(${sql.val(people.map((p) => p.contact_id))}::uuid[], ${sql.val(people.map((p) => p.lead_id))}::uuid[]) AS p(contact_id, lead_id)
    WHERE NOT EXISTS (SELECT 1 FROM campaign_members m WHERE m.campaign_id = ${campaignId} AND m.deleted_at IS NULL
      AND (m.contact_id = p.contact_id OR m.lead_id = p.lead_id))`.execute(trx);
  if (rows.length) await engine.records.inTransaction(trx).bulkCreate('campaign_members', rows.map((p) => ({ campaign_id: campaignId, ...p, status: 'sent' })), SYSTEM_CONTEXT, 'rows', { trx });
}
