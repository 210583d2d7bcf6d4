import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { AccessContext } from '../../../engine/index.js';
import type { Engine } from '../../../engine/index.js';

/** A ticket's conversation, oldest first, with attachment names (content via the attachment route). Needs read access to the ticket. */
export async function listTicketMessages(engine: Engine, db: Kysely<Database>, access: AccessContext, ticketId: string) {
  await engine.records.get('tickets', ticketId, access);
  const messages = await db
    .selectFrom('ticket_messages')
    .select(['id', 'kind', 'direction', 'author_user_id', 'author_contact_id', 'author_name', 'author_email', 'body_text', 'body_html', 'email_message_id', 'mentions', 'dropped_attachments', 'created_at'])
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const attachments = messages.length
    ? await db.selectFrom('ticket_attachments').select(['id', 'message_id', 'filename', 'content_type', 'size']).where('message_id', 'in', messages.map((m) => m.id)).orderBy('filename').execute()
    : [];
  return messages.map((m) => ({
    id: m.id,
    kind: m.kind,
    direction: m.direction,
    author: { userId: m.author_user_id, contactId: m.author_contact_id, name: m.author_name, email: m.author_email },
    text: m.body_text,
    html: m.body_html,
    emailMessageId: m.email_message_id,
    mentions: m.mentions,
    droppedAttachments: m.dropped_attachments,
    attachments: attachments.filter((a) => a.message_id === m.id).map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size })),
    createdAt: m.created_at,
  }));
}

/** One attachment's bytes, if the user may read its ticket. */
export async function readTicketAttachment(engine: Engine, db: Kysely<Database>, access: AccessContext, ticketId: string, attachmentId: string) {
  await engine.records.get('tickets', ticketId, access);
  return db
    .selectFrom('ticket_attachments as a')
    .innerJoin('ticket_messages as m', 'm.id', 'a.message_id')
    .select(['a.filename', 'a.content_type', 'a.content'])
    .where('a.id', '=', attachmentId)
    .where('m.ticket_id', '=', ticketId)
    .executeTakeFirst();
}
