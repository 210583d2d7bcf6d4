import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { normaliseEmail } from '../../duplicates/normalise.js';
import { PERSON_OBJECTS, trackingDb, type PersonObject } from '../tables.js';

/** How a browser came to be tied to a person (tracking_visitors.identified_by). */
export type IdentifiedBy = 'web_form' | 'identify' | 'email_click' | 'portal' | 'lead_conversion';

/** The lead or contact with this e-mail (normalised, via the duplicate keys); a lead first, as a web form does. */
export async function personByEmail(db: Kysely<Database>, email: string): Promise<{ object: PersonObject; recordId: string } | null> {
  const key = normaliseEmail(email);
  if (!key) return null;
  const { rows } = await sql<{ object: PersonObject; record_id: string }>`
    SELECT k.object, k.record_id FROM duplicate_keys k
    WHERE k.object IN ('leads', 'contacts') AND k.rule = 'email' AND k.kind = 'x' AND k.value = ${key}
      AND EXISTS (SELECT 1 FROM leads l WHERE l.id = k.record_id AND l.deleted_at IS NULL
                  UNION ALL SELECT 1 FROM contacts c WHERE c.id = k.record_id AND c.deleted_at IS NULL)
    ORDER BY (k.object = 'leads') DESC, k.record_id LIMIT 1`.execute(db);
  return rows[0] ? { object: rows[0].object, recordId: rows[0].record_id } : null;
}

/**
 * Ties a browser to a person: its past events (and every later one) then show on that record. The
 * latest identification wins, since it is what the browser says now. A converted lead's browsers
 * belong to the contact it became.
 */
export async function attachVisitor(db: Kysely<Database>, visitorId: string, person: { object: string; recordId: string }, how: IdentifiedBy) {
  if (!(PERSON_OBJECTS as readonly string[]).includes(person.object)) return;
  let { object, recordId } = person;
  if (object === 'leads') {
    const { rows } = await sql<{ converted_contact_id: string | null }>`SELECT converted_contact_id FROM leads WHERE id = ${recordId}`.execute(db);
    if (rows[0]?.converted_contact_id) [object, recordId] = ['contacts', rows[0].converted_contact_id];
  }
  const values = { object, record_id: recordId, identified_by: how, identified_at: new Date() };
  await trackingDb(db)
    .insertInto('tracking_visitors')
    .values({ visitor_id: visitorId, ...values })
    .onConflict((oc) => oc.column('visitor_id').doUpdateSet(values))
    .execute();
}

/** A lead converted to a contact: its browsers (and so all their events, earlier and later) follow the contact. */
export async function moveLeadVisitors(db: Kysely<Database>, leadId: string, contactId: string) {
  await sql`
    UPDATE tracking_visitors SET object = 'contacts', record_id = ${contactId}, identified_by = 'lead_conversion', identified_at = now()
    WHERE object = 'leads' AND record_id = ${leadId}`.execute(db);
}
