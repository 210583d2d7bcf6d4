import { sql } from 'kysely';
import type { ModuleContext } from '../../module.js';
import { CHAT_TEXTS, chatLang } from '../locales/chat-texts.js';
import { addChatMessage, chatEvent } from './chat-events.js';
import { wrapUp, type SessionRow } from './wrap-up.js';

/** Chats handled per transaction: each becomes a ticket through the engine. */
const BATCH = 50;

/**
 * Marks waiting chats nobody accepted within the configured time (chat_settings.missed_after_s,
 * default 2 minutes) as missed: each becomes a ticket (channel chat), and the visitor is told so and
 * asked for an e-mail. The claim is one set-based query with SKIP LOCKED, so instances scanning at
 * the same time never take the same chat, and an accept racing the scan either wins or waits.
 * `now` is injectable for tests. Returns how many chats were marked.
 */
export async function markMissedChats(ctx: ModuleContext, now: Date = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await ctx.db.transaction().execute(async (trx) => {
      const { rows } = await sql<SessionRow>`
        UPDATE chat_sessions s SET status = 'missed', ended_at = ${now}
        WHERE s.id IN (
          SELECT w.id FROM chat_sessions w, chat_settings c
          WHERE c.id = 1 AND w.status = 'waiting' AND w.started_at <= ${now}::timestamptz - make_interval(secs => c.missed_after_s)
          ORDER BY w.started_at LIMIT ${BATCH} FOR UPDATE OF w SKIP LOCKED)
        RETURNING s.*`.execute(trx);
      for (const session of rows) {
        const T = CHAT_TEXTS[chatLang(session.language)];
        await chatEvent(trx, { sessionId: session.id, action: 'update', topic: 'chat.missed', actorId: null, changes: { status: { from: 'waiting', to: 'missed' } }, change: ['status', 'queue'] });
        const { ticketNumber } = await wrapUp(trx, ctx, session, true);
        await addChatMessage(trx, { sessionId: session.id, author: 'system', body: T.missed(ticketNumber ?? '', session.visitor_email) });
      }
      return rows.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}

const timers = new WeakMap<ModuleContext, { timer?: NodeJS.Timeout; stopped: boolean }>();
const intervalMs = () => Number(process.env.CRM_CHAT_MISSED_SCAN_MS ?? 15_000);

/** Runs the scan every 15 s in each instance running jobs (the claim keeps them apart). */
export function startMissedScan(ctx: ModuleContext) {
  const state: { timer?: NodeJS.Timeout; stopped: boolean } = { stopped: false };
  timers.set(ctx, state);
  const tick = async () => {
    try {
      await markMissedChats(ctx);
    } catch (error) {
      if (!state.stopped) console.error('[chat] missed scan', error);
    }
    if (!state.stopped) state.timer = setTimeout(tick, intervalMs());
  };
  state.timer = setTimeout(tick, intervalMs());
}

export function stopMissedScan(ctx: ModuleContext) {
  const state = timers.get(ctx);
  if (!state) return;
  state.stopped = true;
  clearTimeout(state.timer);
}
