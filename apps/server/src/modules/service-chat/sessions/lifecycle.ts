import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { ApiError, notFound } from '../../../http/errors.js';
import type { ModuleContext } from '../../module.js';
import type { ChatTopic } from '../tables.js';
import { contactFor } from '../../service/inbound-mail.js';
import { SYSTEM_CONTEXT } from '../../../engine/index.js';
import { agentsAvailable } from '../agents/availability.js';
import { CHAT_TEXTS, chatLang } from '../locales/chat-texts.js';
import { addChatMessage, chatEvent } from './chat-events.js';
import { addChatFile, type ChatFile } from './chat-files.js';
import { messageText } from './chat-text.js';
import { wrapUp, type SessionRow } from './wrap-up.js';

const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => v || null);
const email = z.email().trim().toLowerCase().max(254);

/** The page the chat started on, if it is an http(s) URL (anything else is dropped, not stored). */
const pageUrl = z
  .string()
  .max(2000)
  .optional()
  .transform((v) => (v && URL.canParse(v) && /^https?:$/.test(new URL(v).protocol) ? new URL(v).href : null));

export const startInput = z.strictObject({ name: optionalText(100), email: email.optional(), text: messageText, pageUrl, lang: z.enum(['zh', 'en']).default('zh'), topic: z.string().max(40).optional() });
export const offlineInput = startInput.extend({ email });

/** Where a chat goes: the visitor's topic's group, else the widget's default group, else everyone. */
export function routeOf(settings: { default_group_id: string | null; topics: ChatTopic[] }, topicKey: string | undefined): { groupId: string | null; topic: string | null } {
  if (!topicKey) return { groupId: settings.default_group_id, topic: null };
  const topic = settings.topics.find((t) => t.key === topicKey);
  if (!topic) throw new ApiError('bad_request', `unknown topic '${topicKey.slice(0, 40)}'`, [{ path: 'topic', message: 'not one of the chat topics' }]);
  return { groupId: topic.groupId ?? settings.default_group_id, topic: topic.key };
}
export type ChatRoute = ReturnType<typeof routeOf>;
export const visitorMessageInput = z.strictObject({ text: messageText });
export const leaveEmailInput = z.strictObject({ name: optionalText(100), email });
export const agentMessageInput = z.strictObject({ text: messageText });
export const endInput = z.strictObject({ createTicket: z.boolean().default(false) });

const OPEN = ['waiting', 'active'] as const;
const noAgent = () => new ApiError('conflict', 'no agent is online: leave your e-mail and message instead', [{ path: 'agents', message: 'none online' }], { key: 'chat.noAgent' });
const closed = () => new ApiError('conflict', 'this chat has ended', [{ path: 'status', message: 'ended' }]);

async function lockSession(trx: Kysely<Database>, id: string): Promise<SessionRow> {
  const row = await trx.selectFrom('chat_sessions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound(`chat ${id}`);
  return row;
}

/** The visitor's open chat, if any. */
export async function openSessionOf(db: Kysely<Database>, visitorId: string) {
  return db.selectFrom('chat_sessions').selectAll().where('visitor_id', '=', visitorId).where('status', 'in', OPEN).orderBy('started_at', 'desc').executeTakeFirst();
}

/** A session of this visitor (404 for anyone else's: ids are not secrets). */
export async function visitorSession(db: Kysely<Database>, visitorId: string, id: string) {
  const row = await db.selectFrom('chat_sessions').selectAll().where('id', '=', id).where('visitor_id', '=', visitorId).executeTakeFirst();
  if (!row) throw notFound(`chat ${id}`);
  return row;
}

/** The contact of a visitor's e-mail (found or created, as for inbound mail). */
async function contactOf(trx: Kysely<Database>, ctx: ModuleContext, name: string | null, address: string | undefined | null) {
  if (!address) return { contact_id: null, customer_id: null };
  const contact = await contactFor(trx, ctx, name ?? undefined, address);
  return { contact_id: contact.id, customer_id: contact.customerId };
}

/**
 * A visitor's first message opens a chat in the queue (or joins their chat still open). With no
 * agent online: 409 no agent, and the widget asks for an e-mail to leave the message as a ticket.
 */
export async function startChat(ctx: ModuleContext, visitorId: string, input: z.infer<typeof startInput>, ip: string, route: ChatRoute) {
  return ctx.db.transaction().execute(async (trx) => {
    const open = await openSessionOf(trx, visitorId);
    if (open) {
      await addChatMessage(trx, { sessionId: open.id, author: 'visitor', body: input.text });
      return open;
    }
    if (!(await agentsAvailable(trx))) throw noAgent();
    const who = await contactOf(trx, ctx, input.name, input.email);
    const session = await trx
      .insertInto('chat_sessions')
      .values({ visitor_id: visitorId, status: 'waiting', visitor_name: input.name, visitor_email: input.email ?? null, language: input.lang, page_url: input.pageUrl, ip, group_id: route.groupId, topic: route.topic, ...who })
      .returningAll()
      .executeTakeFirstOrThrow();
    await chatEvent(trx, { sessionId: session.id, action: 'create', topic: 'chat.started', actorId: null, changes: { status: { from: null, to: 'waiting' } }, change: ['queue'] });
    await addChatMessage(trx, { sessionId: session.id, author: 'visitor', body: input.text });
    return session;
  });
}

/** No agent online: the message and e-mail become a ticket (channel chat) for the visitor's contact. */
export async function leaveOfflineMessage(ctx: ModuleContext, visitorId: string, input: z.infer<typeof offlineInput>, ip: string, route: ChatRoute) {
  return ctx.db.transaction().execute(async (trx) => {
    const who = await contactOf(trx, ctx, input.name, input.email);
    const session = await trx
      .insertInto('chat_sessions')
      .values({ visitor_id: visitorId, status: 'missed', visitor_name: input.name, visitor_email: input.email, language: input.lang, page_url: input.pageUrl, ip, ended_at: new Date(), group_id: route.groupId, topic: route.topic, ...who })
      .returningAll()
      .executeTakeFirstOrThrow();
    await chatEvent(trx, { sessionId: session.id, action: 'create', topic: 'chat.missed', actorId: null, changes: { status: { from: null, to: 'missed' } }, change: [] });
    await addChatMessage(trx, { sessionId: session.id, author: 'visitor', body: input.text });
    return wrapUp(trx, ctx, session, true);
  });
}

/** The visitor's open chat (locked), for their message or file. */
async function visitorOpenChat(trx: Kysely<Database>, visitorId: string, id: string) {
  await visitorSession(trx, visitorId, id);
  const session = await lockSession(trx, id);
  if (!OPEN.includes(session.status as (typeof OPEN)[number])) throw closed();
  return session;
}

export async function visitorMessage(ctx: ModuleContext, visitorId: string, id: string, text: string) {
  return ctx.db.transaction().execute(async (trx) => {
    await visitorOpenChat(trx, visitorId, id);
    return addChatMessage(trx, { sessionId: id, author: 'visitor', body: text });
  });
}

export async function visitorFile(ctx: ModuleContext, visitorId: string, id: string, file: ChatFile) {
  return ctx.db.transaction().execute(async (trx) => addChatFile(trx, await visitorOpenChat(trx, visitorId, id), 'visitor', null, file));
}

/**
 * The visitor leaves (or corrects) an e-mail during the chat, or after nobody took it (missed):
 * matched to a contact now, and the missed chat's ticket gets that contact, so the reply reaches them.
 */
export async function leaveEmail(ctx: ModuleContext, visitorId: string, id: string, input: z.infer<typeof leaveEmailInput>) {
  return ctx.db.transaction().execute(async (trx) => {
    await visitorSession(trx, visitorId, id);
    const session = await lockSession(trx, id);
    if (!OPEN.includes(session.status as (typeof OPEN)[number]) && session.status !== 'missed') throw closed();
    const who = await contactOf(trx, ctx, input.name ?? session.visitor_name, input.email);
    await trx.updateTable('chat_sessions').set({ visitor_email: input.email, visitor_name: input.name ?? session.visitor_name, ...who }).where('id', '=', id).execute();
    if (session.ticket_id && who.contact_id) await ctx.engine.records.inTransaction(trx).update('tickets', session.ticket_id, { contact_id: who.contact_id, customer_id: who.customer_id }, SYSTEM_CONTEXT);
    await chatEvent(trx, { sessionId: id, action: 'update', topic: 'chat.visitor_changed', actorId: null, changes: { visitor_email: { from: session.visitor_email, to: input.email } }, change: ['status'] });
    await addChatMessage(trx, { sessionId: id, author: 'system', body: CHAT_TEXTS[chatLang(session.language)].emailLeft(input.email) });
  });
}

/** An agent takes a waiting chat; the first one wins, a second gets 409. */
export async function acceptChat(ctx: ModuleContext, agent: { id: string; name: string }, id: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const session = await lockSession(trx, id);
    if (session.status !== 'waiting') throw new ApiError('conflict', session.agent_id ? 'another agent already took this chat' : 'this chat is no longer waiting', [{ path: 'status', message: session.status }], { key: 'chat.taken' });
    await trx.updateTable('chat_sessions').set({ status: 'active', agent_id: agent.id, accepted_at: new Date() }).where('id', '=', id).execute();
    await chatEvent(trx, { sessionId: id, action: 'update', topic: 'chat.accepted', actorId: agent.id, changes: { status: { from: 'waiting', to: 'active' }, agent_id: { from: null, to: agent.id } }, change: ['status', 'queue'] });
    await addChatMessage(trx, { sessionId: id, author: 'system', body: CHAT_TEXTS[chatLang(session.language)].joined(agent.name) });
  });
}

/** The active chat an agent holds (locked), for their reply, file or typing. */
export async function heldChat(trx: Kysely<Database>, agentId: string, id: string) {
  const session = await lockSession(trx, id);
  if (session.status !== 'active') throw closed();
  if (session.agent_id !== agentId) throw new ApiError('forbidden', 'this chat is held by another agent');
  return session;
}

/** The agent's reply: only in an active chat they hold. */
export async function agentMessage(ctx: ModuleContext, agentId: string, id: string, text: string) {
  return ctx.db.transaction().execute(async (trx) => {
    await heldChat(trx, agentId, id);
    return addChatMessage(trx, { sessionId: id, author: 'agent', body: text, agentId });
  });
}

export async function agentFile(ctx: ModuleContext, agentId: string, id: string, file: ChatFile) {
  return ctx.db.transaction().execute(async (trx) => addChatFile(trx, await heldChat(trx, agentId, id), 'agent', agentId, file));
}

/**
 * Ends a chat: by its agent (optionally making a ticket), or by the visitor. A chat nobody took is
 * 'missed' and, if the visitor left an e-mail, becomes a ticket. The transcript goes to the contact.
 */
export async function endChat(ctx: ModuleContext, by: { agentId: string } | { visitorId: string }, id: string, createTicket: boolean) {
  return ctx.db.transaction().execute(async (trx) => {
    const session = await lockSession(trx, id);
    if ('visitorId' in by && session.visitor_id !== by.visitorId) throw notFound(`chat ${id}`);
    if ('agentId' in by && session.agent_id !== by.agentId) throw new ApiError('forbidden', 'this chat is held by another agent');
    if (!OPEN.includes(session.status as (typeof OPEN)[number])) throw closed();
    const status = session.status === 'waiting' ? 'missed' : 'ended';
    const actorId = 'agentId' in by ? by.agentId : null;
    const T = CHAT_TEXTS[chatLang(session.language)];
    await addChatMessage(trx, { sessionId: id, author: 'system', body: 'agentId' in by ? T.endedByAgent : T.endedByVisitor });
    const ended = await trx.updateTable('chat_sessions').set({ status, ended_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await chatEvent(trx, { sessionId: id, action: 'update', topic: 'chat.ended', actorId, changes: { status: { from: session.status, to: status } }, change: ['status', 'queue'] });
    return { status, ...(await wrapUp(trx, ctx, ended, createTicket || (status === 'missed' && !!session.visitor_email))) };
  });
}
