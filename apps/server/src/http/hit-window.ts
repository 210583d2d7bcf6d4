import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';

/**
 * Counts one hit from `ip` in the current fixed window of `table` (ip, window_start, hits) and returns
 * the window's count. The counter is a database row, so several app instances share it; old windows
 * are swept now and then.
 */
export async function countHit(db: Kysely<Database>, table: 'web_form_hits' | 'kb_vote_hits' | 'portal_hits', ip: string, windowSeconds: number): Promise<number> {
  const { rows } = await sql<{ hits: number }>`
    INSERT INTO ${sql.table(table)} (ip, window_start, hits)
    VALUES (${ip}, to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds}), 1)
    ON CONFLICT (ip, window_start) DO UPDATE SET hits = ${sql.table(table)}.hits + 1
    RETURNING hits`.execute(db);
  if (Math.random() < 0.02) await sql`DELETE FROM ${sql.table(table)} WHERE window_start < now() - make_interval(secs => ${windowSeconds * 2})`.execute(db);
  return rows[0].hits;
}
