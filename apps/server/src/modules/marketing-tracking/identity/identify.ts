import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { normaliseEmail } from '../../duplicates/normalise.js';
import { PERSON_OBJECTS, trackingDb, type PersonObject } from '../tables.js';

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
 * latest identification wins, since it is what the browser says now.
 */
export async function attachVisitor(db: Kysely<Database>, visitorId: string, person: { object: string; recordId: string }, how: 'web_form' | 'identify') {
  if (!(PERSON_OBJECTS as readonly string[]).includes(person.object)) return;
  await trackingDb(db)
    .insertInto('tracking_visitors')
    .values({ visitor_id: visitorId, object: person.object, record_id: person.recordId, identified_by: how, identified_at: new Date() })
    .onConflict((oc) => oc.column('visitor_id').doUpdateSet({ object: person.object, record_id: person.recordId, identified_by: how, identified_at: new Date() }))
    .execute();
}
