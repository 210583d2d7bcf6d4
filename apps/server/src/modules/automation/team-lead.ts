import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

/**
 * A user's manager: the lead of the user's team, or of the nearest parent team that has one (a
 * lead is not their own manager). For actions such as "notify the owner's manager".
 */
export async function managerOf(db: Kysely<Database>, userId: string): Promise<string | null> {
  const user = await db.selectFrom('users').select('team_id').where('id', '=', userId).executeTakeFirst();
  let teamId = user?.team_id ?? null;
  for (let hops = 0; teamId && hops < 20; hops++) {
    const team = await db.selectFrom('teams').select(['lead_user_id', 'parent_id']).where('id', '=', teamId).executeTakeFirst();
    if (team?.lead_user_id && team.lead_user_id !== userId) return team.lead_user_id;
    teamId = team?.parent_id ?? null;
  }
  return null;
}
