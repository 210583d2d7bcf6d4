import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { emitEvent } from '../../../engine/jobs/emit-event.js';
import { advanceMember, type Person } from './campaign-status.js';
import { optOut } from './consent.js';

interface Tracked extends Person {
  id: string;
  send_id: string;
  email: string | null;
  campaign_id: string | null;
  locale: string;
  first: boolean;
}

/**
 * Records what a delivered recipient did; a click is an open too (images are often blocked). The
 * first open or click moves the campaign member on. Returns null for a recipient never delivered.
 */
export async function recordEngagement(db: Kysely<Database>, engine: Engine, recipientId: string, kind: 'open' | 'click'): Promise<Tracked | null> {
  return db.transaction().execute(async (trx) => {
    const click = kind === 'click';
    const { rows } = await sql<Tracked>`
      UPDATE marketing_send_recipients r SET
        opened_at = coalesce(r.opened_at, now()), open_count = r.open_count + ${click ? 0 : 1},
        clicked_at = CASE WHEN ${click} THEN coalesce(r.clicked_at, now()) ELSE r.clicked_at END, click_count = r.click_count + ${click ? 1 : 0}
      FROM marketing_sends s, (SELECT opened_at, clicked_at FROM marketing_send_recipients WHERE id = ${recipientId} FOR UPDATE) p
      WHERE r.id = ${recipientId} AND s.id = r.send_id AND r.state = 'delivered'
      RETURNING r.id, r.send_id, r.contact_id, r.lead_id, r.email, s.campaign_id, coalesce(r.locale, s.locale) AS locale, (CASE WHEN ${click} THEN p.clicked_at ELSE p.opened_at END) IS NULL AS first`.execute(trx);
    const hit = rows[0];
    if (hit?.first) {
      await advanceMember(trx, engine, hit.campaign_id, hit, click ? 'clicked' : 'opened');
      // For lead scoring and automation's event trigger: the first open / click of each send.
      const person = hit.contact_id ? { object: 'contacts', recordId: hit.contact_id } : { object: 'leads', recordId: hit.lead_id as string };
      await emitEvent(trx, click ? 'email.clicked' : 'email.opened', { ...person, data: { sendId: hit.send_id, campaignId: hit.campaign_id } });
    }
    return hit ?? null;
  });
}

/** The recipient's one-click unsubscribe: the contact or lead opts out (audited) and the address is suppressed for every later send. */
export async function unsubscribeRecipient(db: Kysely<Database>, engine: Engine, recipientId: string): Promise<{ locale: string } | null> {
  const { rows } = await sql<Person & { email: string | null; locale: string }>`
    SELECT r.contact_id, r.lead_id, r.email, coalesce(r.locale, s.locale) AS locale FROM marketing_send_recipients r JOIN marketing_sends s ON s.id = r.send_id WHERE r.id = ${recipientId}`.execute(db);
  const r = rows[0];
  if (!r) return null;
  await optOut(db, engine, r.contact_id ? { object: 'contacts', id: r.contact_id } : { object: 'leads', id: r.lead_id! }, r.email);
  await sql`UPDATE marketing_send_recipients SET unsubscribed_at = coalesce(unsubscribed_at, now()) WHERE id = ${recipientId}`.execute(db);
  return { locale: rows[0].locale };
}

/** The language a recipient was written in, for the unsubscribe page. */
export async function recipientLocale(db: Kysely<Database>, recipientId: string): Promise<string | null> {
  const { rows } = await sql<{ locale: string }>`SELECT coalesce(r.locale, s.locale) AS locale FROM marketing_send_recipients r JOIN marketing_sends s ON s.id = r.send_id WHERE r.id = ${recipientId}`.execute(db);
  return rows[0]?.locale ?? null;
}
