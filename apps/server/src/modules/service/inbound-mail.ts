import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { SYSTEM_CONTEXT } from '../../engine/index.js';
import type { ModuleContext } from '../module.js';
import { storeTicketMessage } from './messages/store-message.js';
import { TICKET_NUMBER_IN_SUBJECT } from './ticket-rules.js';

export interface InboundTicketMail {
  messageId: string;
  inReplyTo?: string;
  references: string[];
  from: { address: string; name?: string };
  subject: string;
  text: string; // already trimmed of quoted history / signature, html sanitised
  html?: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  droppedAttachments: { filename: string; size: number; reason: string }[];
  receivedAt: Date;
}

/** Mailbox domains shared by many companies: a sender there says nothing about their employer. */
const PUBLIC_DOMAINS = new Set(['qq.com', '163.com', '126.com', 'sina.com', 'sohu.com', 'foxmail.com', 'aliyun.com', 'yeah.net', '139.com', 'gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'icloud.com']);

/**
 * One inbound support mail (parsed and trimmed by service-mail) → a message on its ticket: threaded
 * by the [T-000123] number in the subject, then In-Reply-To/References against stored message ids;
 * else a new e-mail ticket for the sender's contact (found by address or created, its customer by
 * the mail domain). A reply reopens a solved or pending ticket. The same Message-ID twice is stored
 * once. All in one transaction through the engine (audited, hooks and SLA apply).
 */
export async function receiveTicketMail(ctx: ModuleContext, mail: InboundTicketMail, flags: InboundMailFlags = { autoReply: false }): Promise<ReceivedMail> {
  return ctx.db.transaction().execute((trx) => receiveTicketMailIn(trx, ctx, mail, flags));
}

export interface ReceivedMail {
  ticketId: string;
  messageId: string;
  created: boolean;
}

/** What the mail side learnt: an auto-reply or bounce is threaded but never reopens a ticket. */
export interface InboundMailFlags {
  autoReply: boolean;
}

/** The same inside the caller's transaction (the mailbox poller marks the mail delivered in it). */
export async function receiveTicketMailIn(trx: Kysely<Database>, ctx: ModuleContext, mail: InboundTicketMail, flags: InboundMailFlags): Promise<ReceivedMail> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`ticket-mail:${mail.messageId}`}))`.execute(trx);
  const seen = await trx.selectFrom('ticket_messages').select(['id', 'ticket_id']).where('email_message_id', '=', mail.messageId).executeTakeFirst();
  if (seen) return { ticketId: seen.ticket_id, messageId: seen.id, created: false };
  const records = ctx.engine.records.inTransaction(trx);
  const address = mail.from.address.trim().toLowerCase();
  const contact = await contactFor(trx, ctx, mail.from.name, address);
  let ticket = await threadedTicket(trx, mail);
  let created = false;
  if (ticket && ticket.status === 'closed') ticket = null; // a closed ticket stays closed: the mail opens a new one
  if (ticket) {
    if (!flags.autoReply && ['solved', 'pending_customer'].includes(ticket.status)) await records.update('tickets', ticket.id, { status: 'open' }, SYSTEM_CONTEXT);
  } else {
    const row = await records.create(
      'tickets',
      { subject: mail.subject.trim().slice(0, 300) || '(无主题)', description: mail.text.slice(0, 20_000), channel: 'email', contact_id: contact.id, customer_id: contact.customerId, owner_id: null },
      SYSTEM_CONTEXT,
    );
    ticket = { id: row.id as string, status: 'new' };
    created = true;
  }
  const message = await storeTicketMessage(trx, {
    ticketId: ticket.id,
    kind: 'reply',
    direction: 'in',
    authorContactId: contact.id,
    authorName: mail.from.name ?? null,
    authorEmail: address,
    bodyText: mail.text,
    bodyHtml: mail.html ?? null,
    emailMessageId: mail.messageId,
    inReplyTo: mail.inReplyTo ?? null,
    attachments: mail.attachments,
    droppedAttachments: mail.droppedAttachments,
    actorId: null,
  });
  return { ticketId: ticket.id, messageId: message.id, created };
}

async function threadedTicket(trx: Kysely<Database>, mail: InboundTicketMail): Promise<{ id: string; status: string } | null> {
  const number = TICKET_NUMBER_IN_SUBJECT.exec(mail.subject)?.[1];
  if (number) {
    const { rows } = await sql<{ id: string; status: string }>`SELECT id, status FROM tickets WHERE number = ${number} AND deleted_at IS NULL`.execute(trx);
    if (rows[0]) return rows[0];
  }
  const ids = [mail.inReplyTo, ...mail.references.slice().reverse()].filter((v): v is string => !!v);
  if (!ids.length) return null;
  const { rows } = await sql<{ id: string; status: string }>`
    SELECT t.id, t.status FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id AND t.deleted_at IS NULL
    WHERE m.email_message_id = ANY(${ids}::text[]) ORDER BY m.created_at DESC LIMIT 1`.execute(trx);
  return rows[0] ?? null;
}

/** The sender's contact (by address), or a new one; its customer kept, or found by the mail domain. */
export async function contactFor(trx: Kysely<Database>, ctx: ModuleContext, name: string | undefined, address: string): Promise<{ id: string; customerId: string | null }> {
  const { rows } = await sql<{ id: string; customer_id: string | null }>`
    SELECT id, customer_id FROM contacts WHERE lower(email) = ${address} AND deleted_at IS NULL ORDER BY created_at LIMIT 1`.execute(trx);
  if (rows[0]) return { id: rows[0].id, customerId: rows[0].customer_id ?? (await customerByDomain(trx, address)) };
  const customerId = await customerByDomain(trx, address);
  const contact = await ctx.engine.records.inTransaction(trx).create('contacts', { name: (name?.trim() || address.split('@')[0]).slice(0, 100), email: address, customer_id: customerId, owner_id: null }, SYSTEM_CONTEXT);
  return { id: contact.id as string, customerId };
}

async function customerByDomain(trx: Kysely<Database>, address: string): Promise<string | null> {
  const domain = address.split('@')[1];
  if (!domain || PUBLIC_DOMAINS.has(domain)) return null;
  const { rows } = await sql<{ id: string }>`
    SELECT c.id FROM customers c
    WHERE c.deleted_at IS NULL AND (
      lower(c.email) LIKE ${`%@${domain}`}
      OR lower(c.website) ~ ${`^(https?://)?(www\\.)?${domain.replace(/[.]/g, '\\.')}(/|$)`}
      OR EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = c.id AND k.deleted_at IS NULL AND lower(k.email) LIKE ${`%@${domain}`}))
    ORDER BY c.created_at LIMIT 1`.execute(trx);
  return rows[0]?.id ?? null;
}
