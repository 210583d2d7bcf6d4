import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

/** What the API returns for a notification. */
export const NOTIFICATION_COLUMNS = ['id', 'kind', 'title', 'body', 'link', 'object', 'record_id', 'read_at', 'created_at'] as const;

export function ownNotifications(db: Kysely<Database>, userId: string) {
  return db.selectFrom('notifications').where('user_id', '=', userId).where('in_app', '=', true);
}

export async function unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await ownNotifications(db, userId).where('read_at', 'is', null).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The id of the user's newest notification, or null: what a fresh stream has already counted. */
export async function newestNotificationId(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await ownNotifications(db, userId).select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return row?.id == null ? null : String(row.id);
}
