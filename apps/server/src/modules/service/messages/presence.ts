import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

/** How long "replying" lasts without a renewal: the editor renews it every ~10 s while the agent types. */
export const PRESENCE_SECONDS = 30;

/**
 * Marks the user as replying on the ticket (a row with an expiry, so every instance sees it) and
 * returns the other users replying there now: the collision warning.
 */
export async function markReplying(db: Kysely<Database>, ticketId: string, userId: string, now = new Date()) {
  const expires = new Date(now.getTime() + PRESENCE_SECONDS * 1000);
  await db
    .insertInto('ticket_presence')
    .values({ ticket_id: ticketId, user_id: userId, expires_at: expires })
    .onConflict((oc) => oc.columns(['ticket_id', 'user_id']).doUpdateSet({ expires_at: expires }))
    .execute();
  await db.deleteFrom('ticket_presence').where('expires_at', '<', now).execute();
  return othersReplying(db, ticketId, userId, now);
}

export async function othersReplying(db: Kysely<Database>, ticketId: string, userId: string, now = new Date()) {
  return db
    .selectFrom('ticket_presence as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['u.id', 'u.name'])
    .where('p.ticket_id', '=', ticketId)
    .where('p.user_id', '!=', userId)
    .where('p.expires_at', '>=', now)
    .execute();
}

export async function stopReplying(db: Kysely<Database>, ticketId: string, userId: string) {
  await db.deleteFrom('ticket_presence').where('ticket_id', '=', ticketId).where('user_id', '=', userId).execute();
}
