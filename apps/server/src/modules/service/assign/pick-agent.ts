import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

export const ASSIGN_STRATEGIES = ['round_robin', 'least_open', 'category'] as const;
export type AssignStrategy = (typeof ASSIGN_STRATEGIES)[number];

export interface Agent {
  id: string;
  name: string;
  categories: string[];
}

const OPEN = ['new', 'open', 'pending_customer'];

/** Active members of the group not marked away, by id (the rotation order). */
export async function availableAgents(db: Kysely<Database>, groupId: string): Promise<Agent[]> {
  return db
    .selectFrom('support_group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('support_agents as a', 'a.user_id', 'm.user_id')
    .select(['u.id', 'u.name', 'm.categories'])
    .where('m.group_id', '=', groupId)
    .where('u.active', '=', true)
    .where((eb) => eb.or([eb('a.away', 'is', null), eb('a.away', '=', false)]))
    .orderBy('u.id')
    .execute();
}

/** The first candidate after `last` in id order, wrapping around. */
const after = (candidates: Agent[], last: string | null | undefined) => candidates.find((a) => last && a.id > last) ?? candidates[0];

/**
 * Picks the agent for a ticket of the group. With `advance`, the group's cursor row is locked
 * (FOR UPDATE, held to the caller's commit) and moved, so concurrent creates on any instance take
 * turns; least_open reads loads after that lock, so it counts every earlier pick.
 * - round_robin: the next member after the last pick;
 * - least_open: the member with the fewest open tickets (ties: next in rotation);
 * - category: members handling the ticket's category (all members if none does), in rotation.
 */
export async function pickAgent(db: Kysely<Database>, groupId: string, strategy: AssignStrategy, category: string | null, advance: boolean): Promise<Agent | null> {
  if (advance) await sql`INSERT INTO support_assign_cursors (group_key) VALUES (${groupId}) ON CONFLICT DO NOTHING`.execute(db);
  const { rows } = await sql<{ last_user_id: string | null }>`
    SELECT last_user_id FROM support_assign_cursors WHERE group_key = ${groupId} ${advance ? sql`FOR UPDATE` : sql``}`.execute(db);
  const last = rows[0]?.last_user_id;
  let candidates = await availableAgents(db, groupId);
  if (!candidates.length) return null;
  if (strategy === 'category' && category) {
    const skilled = candidates.filter((a) => a.categories.includes(category));
    if (skilled.length) candidates = skilled;
  }
  if (strategy === 'least_open') {
    const { rows: loads } = await sql<{ owner_id: string; n: string }>`
      SELECT owner_id, count(*) AS n FROM tickets
      WHERE owner_id = ANY(${sql.val(candidates.map((a) => a.id))}::uuid[]) AND deleted_at IS NULL AND status = ANY(${sql.val(OPEN)}::text[])
      GROUP BY owner_id`.execute(db);
    const load = new Map(loads.map((r) => [r.owner_id, Number(r.n)]));
    const fewest = Math.min(...candidates.map((a) => load.get(a.id) ?? 0));
    candidates = candidates.filter((a) => (load.get(a.id) ?? 0) === fewest);
  }
  const pick = after(candidates, last);
  if (advance) await sql`UPDATE support_assign_cursors SET last_user_id = ${pick.id} WHERE group_key = ${groupId}`.execute(db);
  return pick;
}
