import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { ApiError } from '../../../http/errors.js';
import { countHit } from '../../../http/hit-window.js';

/** Widget writes per window: CRM_CHAT_RATE_LIMIT per IP and CRM_CHAT_VISITOR_RATE_LIMIT per visitor per CRM_CHAT_RATE_WINDOW_S (60/30 per 60 s). */
export function chatRateConfig() {
  return {
    perIp: Number(process.env.CRM_CHAT_RATE_LIMIT || 60),
    perVisitor: Number(process.env.CRM_CHAT_VISITOR_RATE_LIMIT || 30),
    windowSeconds: Number(process.env.CRM_CHAT_RATE_WINDOW_S || 60),
  };
}

/**
 * Counts one write of the widget against the IP and, once known, the visitor, in database rows
 * shared by every app instance. A visitor behind a shared IP (an office) is held by their own
 * limit; one script minting visitor tokens is held by the IP's.
 */
export async function checkChatRate(db: Kysely<Database>, ip: string, visitorId: string | null) {
  const { perIp, perVisitor, windowSeconds } = chatRateConfig();
  const refuse = (who: string, max: number) => new ApiError('rate_limited', `too many chat messages from this ${who}: at most ${max} per ${windowSeconds} seconds; try again later`);
  if ((await countHit(db, 'chat_hits', `ip:${ip}`, windowSeconds)) > perIp) throw refuse('address', perIp);
  if (visitorId && (await countHit(db, 'chat_hits', `v:${visitorId}`, windowSeconds)) > perVisitor) throw refuse('visitor', perVisitor);
}
