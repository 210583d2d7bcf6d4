import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

/** An agent whose console has not been heard from for this long counts as away (a closed laptop). */
const SEEN_WITHIN_S = () => Number(process.env.CRM_CHAT_AGENT_TIMEOUT_S || 90);

/** Switches an agent online or away; `seen` refreshes the console's heartbeat only. */
export async function setAvailability(db: Kysely<Database>, userId: string, online: boolean) {
  await db
    .insertInto('chat_agents')
    .values({ user_id: userId, online, seen_at: new Date() })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ online, seen_at: new Date() }))
    .execute();
}

export async function markSeen(db: Kysely<Database>, userId: string) {
  await db.updateTable('chat_agents').set({ seen_at: new Date() }).where('user_id', '=', userId).execute();
}

export async function isOnline(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom('chat_agents').select('online').where('user_id', '=', userId).executeTakeFirst();
  return row?.online ?? false;
}

/** How many active users are online with a console open now. */
export async function agentsAvailable(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM chat_agents a JOIN users u ON u.id = a.user_id AND u.active
    WHERE a.online AND a.seen_at > now() - make_interval(secs => ${SEEN_WITHIN_S()})`.execute(db);
  return rows[0].n;
}
