import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

export interface NewAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface NewTicketMessage {
  /** Known beforehand when the Message-ID of an outgoing mail carries it. */
  id?: string;
  ticketId: string;
  kind: 'reply' | 'note';
  direction: 'in' | 'out';
  authorUserId?: string | null;
  authorContactId?: string | null;
  authorName?: string | null;
  authorEmail?: string | null;
  bodyText: string;
  bodyHtml?: string | null;
  emailMessageId?: string | null;
  inReplyTo?: string | null;
  mentions?: string[];
  attachments?: NewAttachment[];
  droppedAttachments?: Array<{ filename: string; size: number; reason: string }>;
  /** Who did it, for the audit entry (null: the system, e.g. an inbound mail). */
  actorId: string | null;
}

/**
 * Writes one message of a ticket's conversation with its attachments (bytea rows, like import
 * uploads: every instance reads them, backups carry them), an audit entry on the ticket and an
 * outbox event, in the caller's transaction.
 */
export async function storeTicketMessage(trx: Kysely<Database>, m: NewTicketMessage): Promise<{ id: string; createdAt: Date }> {
  const row = await trx
    .insertInto('ticket_messages')
    .values({
      ...(m.id ? { id: m.id } : {}),
      ticket_id: m.ticketId,
      kind: m.kind,
      direction: m.direction,
      author_user_id: m.authorUserId ?? null,
      author_contact_id: m.authorContactId ?? null,
      author_name: m.authorName ?? null,
      author_email: m.authorEmail ?? null,
      body_text: m.bodyText,
      body_html: m.bodyHtml ?? null,
      email_message_id: m.emailMessageId ?? null,
      in_reply_to: m.inReplyTo ?? null,
      mentions: m.mentions ?? [],
      dropped_attachments: JSON.stringify(m.droppedAttachments ?? []),
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  for (const a of m.attachments ?? []) {
    await trx.insertInto('ticket_attachments').values({ message_id: row.id, filename: a.filename, content_type: a.contentType, size: a.content.length, content: a.content }).execute();
  }
  const summary = { kind: m.kind, direction: m.direction, attachments: m.attachments?.length ?? 0, dropped: m.droppedAttachments?.length ?? 0 };
  await trx
    .insertInto('audit_log')
    .values({ object: 'tickets', record_id: m.ticketId, action: 'update', actor_id: m.actorId, changes: JSON.stringify({ message: { from: null, to: `${m.kind}:${m.direction}` } }) })
    .execute();
  await trx
    .insertInto('outbox')
    .values({ topic: 'ticket.message_added', object: 'tickets', record_id: m.ticketId, payload: JSON.stringify({ actorId: m.actorId, messageId: row.id, ...summary }) })
    .execute();
  return { id: row.id, createdAt: row.created_at };
}

/** The latest message of a ticket (for the collision check), or null. */
export async function latestMessageId(trx: Kysely<Database>, ticketId: string): Promise<string | null> {
  const row = await trx.selectFrom('ticket_messages').select('id').where('ticket_id', '=', ticketId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? null;
}
