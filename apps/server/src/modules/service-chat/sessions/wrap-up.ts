import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../../db/types.js';
import { SYSTEM_CONTEXT } from '../../../engine/index.js';
import type { ModuleContext } from '../../module.js';
import { CHAT_TEXTS, chatLang } from '../locales/chat-texts.js';
import type { ChatTables } from '../tables.js';
import { messagesAfter } from './chat-events.js';

export type SessionRow = Selectable<ChatTables['chat_sessions']>;

/** The conversation as text for the contact's timeline and the ticket: "[10:02] 客服 李娜: …" per line. */
export async function transcript(trx: Kysely<Database>, session: SessionRow): Promise<{ text: string; firstVisitorLine: string }> {
  const T = CHAT_TEXTS[chatLang(session.language)];
  const { rows } = await sql<{ timezone: string }>`SELECT timezone FROM support_calendar WHERE id = 1`.execute(trx).catch(() => ({ rows: [] as { timezone: string }[] }));
  const timeZone = rows[0]?.timezone ?? 'Asia/Shanghai';
  const time = new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
  const messages = await messagesAfter(trx, session.id, null, 2000);
  const who = (m: (typeof messages)[number]) => (m.author === 'visitor' ? `${T.visitor} ${session.visitor_name ?? ''}`.trim() : m.author === 'agent' ? `${T.agent} ${m.agentName ?? ''}`.trim() : T.system);
  const lines = messages.map((m) => `[${time.format(m.createdAt)}] ${who(m)}: ${m.text}`);
  if (session.page_url) lines.unshift(`${T.page}: ${session.page_url}`);
  const first = messages.find((m) => m.author === 'visitor')?.text ?? '';
  return { text: lines.join('\n').slice(0, 50_000), firstVisitorLine: first.replace(/\s+/g, ' ').slice(0, 60) };
}

/**
 * What an ended chat leaves behind, in the ending transaction: a 跟进记录 (note) with the transcript
 * on the contact's 360° timeline when the visitor is known, and a ticket (channel chat) when asked
 * for or when the visitor left an e-mail but no agent took the chat.
 */
export async function wrapUp(trx: Kysely<Database>, ctx: ModuleContext, session: SessionRow, wantTicket: boolean): Promise<{ activityId: string | null; ticketId: string | null; ticketNumber: string | null }> {
  const T = CHAT_TEXTS[chatLang(session.language)];
  const records = ctx.engine.records.inTransaction(trx);
  const { text, firstVisitorLine } = await transcript(trx, session);
  const name = session.visitor_name || session.visitor_email || T.visitor;
  let activityId: string | null = null;
  if (session.contact_id) {
    const activity = await records.create(
      'activities',
      { type: 'note', subject: T.transcriptSubject(name).slice(0, 200), content: text, occurred_at: new Date().toISOString(), contact_id: session.contact_id, customer_id: session.customer_id, owner_id: session.agent_id },
      SYSTEM_CONTEXT,
    );
    activityId = activity.id as string;
  }
  let ticket: { id: string; number: string } | null = null;
  if (wantTicket) {
    const row = await records.create(
      'tickets',
      { subject: T.ticketSubject(firstVisitorLine || name).slice(0, 300), description: text.slice(0, 20_000), channel: 'chat', contact_id: session.contact_id, customer_id: session.customer_id, owner_id: session.agent_id, support_group_id: session.group_id },
      SYSTEM_CONTEXT,
    );
    ticket = { id: row.id as string, number: String(row.number) };
  }
  await trx.updateTable('chat_sessions').set({ activity_id: activityId, ticket_id: ticket?.id ?? null }).where('id', '=', session.id).execute();
  return { activityId, ticketId: ticket?.id ?? null, ticketNumber: ticket?.number ?? null };
}
