import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { ApiError } from '../../http/errors.js';

/** Submissions one IP may send in a window (CRM_WEB_FORM_RATE_LIMIT per CRM_WEB_FORM_RATE_WINDOW_S, default 10 per 60 s). */
export function rateLimitConfig() {
  return {
    max: Number(process.env.CRM_WEB_FORM_RATE_LIMIT || 10),
    windowSeconds: Number(process.env.CRM_WEB_FORM_RATE_WINDOW_S || 60),
  };
}

/**
 * Counts a submission from `ip` in the current fixed window and refuses past the limit. The counter
 * is a row in the database, so several app instances share it (an in-memory limiter would allow N×).
 * Old windows are swept now and then by the same statement's caller.
 */
export async function checkRateLimit(db: Kysely<Database>, ip: string) {
  const { max, windowSeconds } = rateLimitConfig();
  const { rows } = await sql<{ hits: number }>`
    INSERT INTO web_form_hits (ip, window_start, hits)
    VALUES (${ip}, to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds}), 1)
    ON CONFLICT (ip, window_start) DO UPDATE SET hits = web_form_hits.hits + 1
    RETURNING hits`.execute(db);
  if (Math.random() < 0.02) await sql`DELETE FROM web_form_hits WHERE window_start < now() - make_interval(secs => ${windowSeconds * 2})`.execute(db);
  if (rows[0].hits > max) {
    throw new ApiError('rate_limited', `too many submissions from this address: at most ${max} per ${windowSeconds} seconds; try again later`);
  }
}
