import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { queueDelivery } from '../../notifications/email/send-template-email.js';
import { loadSmtpSettings, type OutgoingMail } from '../../notifications/email/smtp-settings.js';

export const TICKET_ATTACHMENT_SOURCE = 'ticket_attachment';

/** A Message-ID for a message of ours: <message-uuid@the sender's domain>. */
export async function ourMessageId(db: Kysely<Database>, messageId: string): Promise<string> {
  const settings = await loadSmtpSettings(db);
  const domain = settings?.fromAddress.split('@')[1] ?? 'crm.invalid';
  return `<${messageId}@${domain}>`;
}

/** The subject of every mail of a ticket: the number in brackets threads the customer's answer back. */
export function ticketSubject(number: string, subject: string): string {
  return `[${number}] ${subject.replace(/^\s*((re|回复|答复|fw|fwd|转发)\s*[:：]\s*)+/i, '')}`;
}

/**
 * Queues the e-mail of an agent's public reply to the ticket's contact, in the reply's transaction
 * (sent by the notifications delivery job after commit, retried): In-Reply-To names the latest mail
 * of the conversation and References all of them, so the customer's client threads it.
 */
export async function queueReplyMail(
  trx: Kysely<Database>,
  reply: { messageId: string; emailMessageId: string; text: string; html?: string | null },
  ticket: { id: string; number: string; subject: string },
  to: { address: string; name: string | null },
): Promise<string | null> {
  const earlier = await trx
    .selectFrom('ticket_messages')
    .select('email_message_id')
    .where('ticket_id', '=', ticket.id)
    .where('email_message_id', 'is not', null)
    .where('id', '!=', reply.messageId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const references = earlier.map((m) => m.email_message_id!).slice(-20);
  const files = await trx.selectFrom('ticket_attachments').select('id').where('message_id', '=', reply.messageId).orderBy('id').execute();
  const mail: OutgoingMail = {
    to: to.address,
    toName: to.name,
    subject: ticketSubject(ticket.number, ticket.subject),
    text: reply.text,
    ...(reply.html ? { html: reply.html } : {}),
    messageId: reply.emailMessageId,
    ...(references.length ? { inReplyTo: references[references.length - 1], references } : {}),
    ...(files.length ? { attachments: files.map((f) => ({ source: TICKET_ATTACHMENT_SOURCE, id: f.id })) } : {}),
  };
  return queueDelivery(trx, { channel: 'email', userId: null, notificationId: null, payload: mail, dedupeKey: `ticket-reply:${reply.messageId}` });
}
