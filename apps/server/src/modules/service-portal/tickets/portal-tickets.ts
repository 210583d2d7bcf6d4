import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { SYSTEM_CONTEXT } from '../../../engine/index.js';
import { ApiError, notFound, parseInput } from '../../../http/errors.js';
import type { ModuleContext } from '../../module.js';
import { storeTicketMessage } from '../../service/messages/store-message.js';
import type { NewAttachment } from '../../service/messages/store-message.js';
import type { PortalContact } from '../auth/portal-auth.js';
import { decodeAttachments, portalAttachmentsInput } from './portal-uploads.js';

export const PORTAL_CATEGORIES = ['question', 'fault', 'complaint', 'billing', 'feature', 'other'] as const;
export const newTicketInput = z
  .object({ subject: z.string().trim().min(1).max(300), description: z.string().trim().min(1).max(20_000), category: z.enum(PORTAL_CATEGORIES).default('question'), attachments: portalAttachmentsInput })
  .strict();
export const replyInput = z.object({ text: z.string().trim().min(1).max(20_000), attachments: portalAttachmentsInput }).strict();

export interface PortalTicket {
  id: string;
  number: string;
  subject: string;
  status: string;
  category: string | null;
  created_at: Date;
  updated_at: Date;
  contact_name: string | null;
  rating: number | null;
  rating_comment: string | null;
}

/** The contact's own tickets, plus their company's when the contact has company access. */
const reach = (c: PortalContact) =>
  c.portal_company_access && c.customer_id ? sql`(t.contact_id = ${c.id} OR t.customer_id = ${c.customer_id})` : sql`t.contact_id = ${c.id}`;

const SELECT = sql`t.id, t.number, t.subject, t.status, t.category, t.created_at, t.updated_at, k.name AS contact_name, r.rating, r.comment AS rating_comment
  FROM tickets t LEFT JOIN contacts k ON k.id = t.contact_id LEFT JOIN ticket_ratings r ON r.ticket_id = t.id`;

export async function listPortalTickets(db: Kysely<Database>, contact: PortalContact): Promise<PortalTicket[]> {
  const { rows } = await sql<PortalTicket>`SELECT ${SELECT} WHERE t.deleted_at IS NULL AND ${reach(contact)} ORDER BY t.updated_at DESC, t.id LIMIT 200`.execute(db);
  return rows;
}

/** A ticket the contact may see, else 404 (the same answer as for a ticket that does not exist). */
export async function portalTicket(db: Kysely<Database>, contact: PortalContact, id: string, lock = false): Promise<PortalTicket> {
  if (!z.uuid().safeParse(id).success) throw notFound('ticket');
  const { rows } = await sql<PortalTicket>`SELECT ${SELECT} WHERE t.id = ${id} AND t.deleted_at IS NULL AND ${reach(contact)} ${lock ? sql`FOR UPDATE OF t` : sql``}`.execute(db);
  if (!rows[0]) throw notFound('ticket');
  return rows[0];
}

export interface PortalFile {
  id: string;
  filename: string;
  size: number;
}
export interface PortalMessage {
  id: string;
  direction: 'in' | 'out';
  author_name: string | null;
  body_text: string;
  created_at: Date;
  files: PortalFile[];
}

/** Public replies only (with their files): internal notes never leave the staff side. */
export async function portalMessages(db: Kysely<Database>, ticketId: string): Promise<PortalMessage[]> {
  const messages = await db
    .selectFrom('ticket_messages')
    .select(['id', 'direction', 'author_name', 'body_text', 'created_at'])
    .where('ticket_id', '=', ticketId)
    .where('kind', '=', 'reply')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const files = messages.length ? await db.selectFrom('ticket_attachments').select(['id', 'message_id', 'filename', 'size']).where('message_id', 'in', messages.map((m) => m.id)).orderBy('filename').execute() : [];
  return messages.map((m) => ({ ...(m as Omit<PortalMessage, 'files'>), files: files.filter((f) => f.message_id === m.id).map((f) => ({ id: f.id, filename: f.filename, size: Number(f.size) })) }));
}

/** A file of a public reply on a ticket the contact may see (404 otherwise, internal notes' files included). */
export async function portalFile(db: Kysely<Database>, contact: PortalContact, ticketId: string, fileId: string) {
  const ticket = await portalTicket(db, contact, ticketId);
  if (!z.uuid().safeParse(fileId).success) throw notFound('file');
  const { rows } = await sql<{ filename: string; content_type: string; content: Buffer }>`
    SELECT a.filename, a.content_type, a.content FROM ticket_attachments a JOIN ticket_messages m ON m.id = a.message_id
    WHERE a.id = ${fileId} AND m.ticket_id = ${ticket.id} AND m.kind = 'reply'`.execute(db);
  if (!rows[0]) throw notFound('file');
  return rows[0];
}

/** A new portal ticket for the contact (channel portal) with the description as its first message. */
export async function createPortalTicket(ctx: ModuleContext, contact: PortalContact, body: unknown, uploads?: NewAttachment[]): Promise<{ id: string; number: string }> {
  const input = parseInput(newTicketInput, body);
  const attachments = uploads ?? decodeAttachments(input.attachments);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await ctx.engine.records
      .inTransaction(trx)
      .create('tickets', { subject: input.subject, description: input.description, category: input.category, channel: 'portal', contact_id: contact.id, customer_id: contact.customer_id, owner_id: null }, SYSTEM_CONTEXT);
    await storeTicketMessage(trx, { ticketId: row.id as string, kind: 'reply', direction: 'in', authorContactId: contact.id, authorName: contact.name, authorEmail: contact.email, bodyText: input.description, actorId: null, attachments });
    return { id: row.id as string, number: row.number as string };
  });
}

/** The contact's reply: a solved or pending ticket is open again; a closed one takes no replies (a new ticket does). */
export async function replyAsContact(ctx: ModuleContext, contact: PortalContact, ticketId: string, body: unknown, uploads?: NewAttachment[]): Promise<{ id: string; status: string }> {
  const input = parseInput(replyInput, body);
  const attachments = uploads ?? decodeAttachments(input.attachments);
  return ctx.db.transaction().execute(async (trx) => {
    const ticket = await portalTicket(trx, contact, ticketId, true);
    if (ticket.status === 'closed') throw new ApiError('conflict', 'this ticket is closed; open a new one', [{ path: 'status', message: 'closed' }]);
    let status = ticket.status;
    if (['solved', 'pending_customer'].includes(status)) {
      await ctx.engine.records.inTransaction(trx).update('tickets', ticket.id, { status: 'open' }, SYSTEM_CONTEXT);
      status = 'open';
    }
    const message = await storeTicketMessage(trx, { ticketId: ticket.id, kind: 'reply', direction: 'in', authorContactId: contact.id, authorName: contact.name, authorEmail: contact.email, bodyText: input.text, actorId: null, attachments });
    return { id: message.id, status };
  });
}
