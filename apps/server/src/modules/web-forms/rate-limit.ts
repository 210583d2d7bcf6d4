import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { ApiError } from '../../http/errors.js';
import { countHit } from '../../http/hit-window.js';

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
  const hits = await countHit(db, 'web_form_hits', ip, windowSeconds);
  if (hits > max) {
    throw new ApiError('rate_limited', `too many submissions from this address: at most ${max} per ${windowSeconds} seconds; try again later`);
  }
}
