import type { PersonName } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

/** Users of a team and all its sub-teams (what a team's figures cover), by name. */
export async function teamMembers(db: Kysely<Database>, teamId: string): Promise<PersonName[]> {
  const { rows } = await sql<PersonName>`
    WITH RECURSIVE subtree AS (
      SELECT id FROM teams WHERE id = ${teamId}
      UNION SELECT t.id FROM teams t JOIN subtree s ON t.parent_id = s.id
    )
    SELECT u.id, u.name FROM users u WHERE u.team_id IN (SELECT id FROM subtree) ORDER BY u.name, u.id`.execute(db);
  return rows;
}

export async function userNames(db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
