import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { announce } from '../../notifications/index.js';
import type { ChatAuthor } from '../tables.js';

/** The live hub topic of chat changes: { sessionId, kind } only; streams read the rows themselves. */
export const CHAT_TOPIC = 'chat';
/** typing and token are announced without a stored change (sessions/typing.ts, settings' new token). */
export type ChatChange = 'message' | 'status' | 'queue' | 'typing' | 'token';

/**
 * Records a change of a chat session: an audit entry on the session and an outbox event, and the
 * NOTIFY that wakes the streams on every app instance, all sent on the caller's commit.
 */
export async function chatEvent(trx: Kysely<Database>, e: { sessionId: string; action: 'create' | 'update'; topic: string; actorId: string | null; changes: Record<string, { from: unknown; to: unknown }>; change: ChatChange[] }) {
  await trx.insertInto('audit_log').values({ object: 'chat_sessions', record_id: e.sessionId, action: e.action, actor_id: e.actorId, changes: JSON.stringify(e.changes) }).execute();
  await trx.insertInto('outbox').values({ topic: e.topic, object: 'chat_sessions', record_id: e.sessionId, payload: JSON.stringify({ actorId: e.actorId }) }).execute();
  await announce(trx, e.change.map((kind) => ({ type: 'topic' as const, topic: CHAT_TOPIC, data: { sessionId: e.sessionId, kind } })));
}

/** Appends a message to a session (and stamps its last activity), audited and announced. */
export async function addChatMessage(trx: Kysely<Database>, m: { sessionId: string; author: ChatAuthor; body: string; agentId?: string | null }) {
  const row = await trx
    .insertInto('chat_messages')
    .values({ session_id: m.sessionId, author: m.author, agent_id: m.agentId ?? null, body: m.body })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  await trx.updateTable('chat_sessions').set({ last_message_at: row.created_at }).where('id', '=', m.sessionId).execute();
  await chatEvent(trx, { sessionId: m.sessionId, action: 'update', topic: 'chat.message_added', actorId: m.agentId ?? null, changes: { message: { from: null, to: m.author } }, change: ['message'] });
  return row;
}

export interface ChatMessageView {
  id: string;
  author: ChatAuthor;
  agentName: string | null;
  text: string;
  createdAt: Date;
  /** A file sent as this message (its bytes at …/files/:id). */
  file: { id: string; filename: string; contentType: string; size: number } | null;
}

/** A session's messages after `afterId` (a bigserial id), oldest first, with the agents' names. */
export async function messagesAfter(db: Kysely<Database>, sessionId: string, afterId: string | null, limit = 500): Promise<ChatMessageView[]> {
  const rows = await db
    .selectFrom('chat_messages as m')
    .leftJoin('users as u', 'u.id', 'm.agent_id')
    .leftJoin('chat_attachments as a', 'a.message_id', 'm.id')
    .select(['m.id', 'm.author', 'u.name as agentName', 'm.body', 'm.created_at', 'a.id as fileId', 'a.filename', 'a.content_type', 'a.size'])
    .where('m.session_id', '=', sessionId)
    .$if(afterId !== null, (q) => q.where('m.id', '>', afterId!))
    .orderBy('m.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    author: r.author,
    agentName: r.agentName ?? null,
    text: r.body,
    createdAt: r.created_at,
    file: r.fileId ? { id: r.fileId, filename: r.filename!, contentType: r.content_type!, size: r.size! } : null,
  }));
}

/** One message as the streams show it (right after it was written). */
export async function messageOf(db: Kysely<Database>, sessionId: string, messageId: string): Promise<ChatMessageView> {
  const [message] = await messagesAfter(db, sessionId, String(BigInt(messageId) - 1n), 1);
  return message;
}
