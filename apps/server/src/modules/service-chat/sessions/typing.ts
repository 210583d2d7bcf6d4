import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { announce } from '../../notifications/index.js';
import { CHAT_TOPIC } from './chat-events.js';

/** One typing signal per chat and side in this window is passed on; the rest are dropped. */
export const TYPING_EVERY_MS = 2_000;
const lastSent = new Map<string, number>();

/**
 * "Typing…": a NOTIFY to the other side's streams on every instance, never stored. Throttled per
 * chat and side on this instance (the clients send at most one per 2 s anyway). Returns whether it
 * went out.
 */
export async function signalTyping(db: Kysely<Database>, sessionId: string, by: 'visitor' | 'agent', name: string | null): Promise<boolean> {
  const now = Date.now();
  const key = `${sessionId}:${by}`;
  if ((lastSent.get(key) ?? 0) > now - TYPING_EVERY_MS) return false;
  if (lastSent.size > 10_000) for (const [k, at] of lastSent) if (at <= now - TYPING_EVERY_MS) lastSent.delete(k);
  lastSent.set(key, now);
  await announce(db, [{ type: 'topic', topic: CHAT_TOPIC, data: { sessionId, kind: 'typing', by, name } }]);
  return true;
}
