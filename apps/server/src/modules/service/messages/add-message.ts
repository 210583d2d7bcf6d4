import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import type { AccessContext } from '../../../engine/index.js';
import { scopeCondition } from '../../../engine/permissions/access.js';
import { ApiError, forbidden, parseInput } from '../../../http/errors.js';
import { announce } from '../../notifications/live/channel.js';
import { notify } from '../../notifications/notify.js';
import type { ModuleContext } from '../../module.js';
import { setTicketSystemValues } from '../ticket-rules.js';
import { queueReplyMail, ourMessageId } from './reply-mail.js';
import { latestMessageId, storeTicketMessage } from './store-message.js';

const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const addMessageInput = z
  .object({
    /** reply: public, e-mailed to the contact; note: internal, seen by colleagues only. */
    kind: z.enum(['reply', 'note']),
    text: z.string().trim().min(1).max(100_000),
    /** The newest message the agent saw (null: none). A newer one refuses the message (409) unless `force`. */
    lastSeenMessageId: z.uuid().nullable(),
    force: z.boolean().default(false),
    /** Colleagues @mentioned in a note: notified. */
    mentions: z.array(z.uuid()).max(50).default([]),
    /** The ticket's status after this message (e.g. pending_customer, solved); default: new becomes open on a reply. */
    status: z.enum(['new', 'open', 'pending_customer', 'solved', 'closed']).optional(),
    attachments: z
      .array(z.object({ filename: z.string().trim().min(1).max(255), contentType: z.string().min(1).max(200), contentBase64: z.base64().max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4) }).strict())
      .max(10)
      .default([]),
  })
  .strict();

const htmlOf = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\n/g, '<br>')}</p>`)
    .join('');

/**
 * An agent's reply or internal note on a ticket, in one transaction: the message and attachments,
 * the ticket's status and first response time (through the engine: audited, SLA recomputed), the
 * reply's e-mail to the contact (queued; sent after commit) and mention notifications.
 */
export async function addTicketMessage(ctx: ModuleContext, access: AccessContext, ticketId: string, body: unknown) {
  const input = parseInput(addMessageInput, body);
  return ctx.db.transaction().execute(async (trx) => {
    const records = ctx.engine.records.inTransaction(trx);
    await records.get('tickets', ticketId, access);
    const ticket = await lockForReply(trx, access, ticketId);
    const latest = await latestMessageId(trx, ticketId);
    if (latest !== input.lastSeenMessageId && !input.force) {
      throw new ApiError('conflict', 'the ticket has a newer message than the one you saw; read it before sending', [{ path: 'lastSeenMessageId', message: `newer message ${latest}` }]);
    }
    const id = randomUUID();
    const isReply = input.kind === 'reply';
    const emailMessageId = isReply ? await ourMessageId(trx, id) : null;
    const author = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', access.userId ?? '').executeTakeFirst();
    const message = await storeTicketMessage(trx, {
      id,
      ticketId,
      kind: input.kind,
      direction: 'out',
      authorUserId: access.userId,
      authorName: author?.name ?? null,
      authorEmail: author?.email ?? null,
      bodyText: input.text,
      bodyHtml: htmlOf(input.text),
      emailMessageId,
      mentions: isReply ? [] : input.mentions,
      attachments: input.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
      actorId: access.userId,
    });
    const status = input.status ?? (isReply && ticket.status === 'new' ? 'open' : undefined);
    if (isReply && !ticket.first_responded_at) setTicketSystemValues(trx, { first_responded_at: message.createdAt.toISOString() });
    if (status || (isReply && !ticket.first_responded_at)) await records.update('tickets', ticketId, status ? { status } : {}, access);
    let mailed = false;
    if (isReply && ticket.contact_email) {
      mailed = !!(await queueReplyMail(trx, { messageId: id, emailMessageId: emailMessageId!, text: input.text, html: htmlOf(input.text) }, ticket, { address: ticket.contact_email, name: ticket.contact_name }));
      await announce(trx, [{ type: 'deliveries' }]);
    }
    if (!isReply && input.mentions.length) await notifyMentions(trx, input.mentions, ticket, author?.name ?? '', input.text);
    return { id, mailed };
  });
}

interface LockedTicket {
  id: string;
  number: string;
  subject: string;
  status: string;
  first_responded_at: Date | null;
  contact_email: string | null;
  contact_name: string | null;
}

/** Locks the ticket if the user may update it (own, group or wider scope): replies are serialised per ticket. */
async function lockForReply(trx: Kysely<Database>, access: AccessContext, ticketId: string): Promise<LockedTicket> {
  const { rows } = await sql<LockedTicket>`
    SELECT t.id, t.number, t.subject, t.status, t.first_responded_at, c.email AS contact_email, c.name AS contact_name
    FROM tickets t LEFT JOIN contacts c ON c.id = t.contact_id AND c.deleted_at IS NULL
    WHERE t.id = ${ticketId} AND t.deleted_at IS NULL AND ${scopeCondition(access, 'tickets', 'update')}
    FOR UPDATE OF t`.execute(trx);
  if (!rows[0]) throw forbidden('you may not reply on this ticket');
  return rows[0];
}

async function notifyMentions(trx: Kysely<Database>, userIds: string[], ticket: LockedTicket, by: string, text: string) {
  const users = await trx.selectFrom('users').select(['id', 'locale']).where('id', 'in', userIds).where('active', '=', true).execute();
  for (const locale of new Set(users.map((u) => u.locale))) {
    const en = locale === 'en';
    await notify(
      {
        userIds: users.filter((u) => u.locale === locale).map((u) => u.id),
        kind: 'ticket_mention',
        title: en ? `${by} mentioned you on ticket ${ticket.number}` : `${by} 在工单 ${ticket.number} 中提到了您`,
        body: text.slice(0, 500),
        link: `/service/tickets/${ticket.id}`,
        object: 'tickets',
        recordId: ticket.id,
      },
      trx,
    );
  }
}
