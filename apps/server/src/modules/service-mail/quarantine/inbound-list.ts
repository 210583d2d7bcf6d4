import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { mailDb } from '../tables.js';

export const inboundListQuery = z
  .object({
    status: z.enum(['claimed', 'delivered', 'quarantined', 'ignored', 'discarded']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

/** Processed mails, newest first (never the raw bytes: a quarantined mail's are only re-read by re-processing). */
export async function listInboundMails(db: Kysely<Database>, query: z.infer<typeof inboundListQuery>) {
  let q = mailDb(db).selectFrom('inbound_mails');
  if (query.status) q = q.where('status', '=', query.status);
  const [rows, total] = await Promise.all([
    q
      .select(['id', 'mailbox', 'uidvalidity', 'uid', 'message_id', 'status', 'reason', 'ticket_id', 'raw_size', 'from_address', 'subject', 'auto_reply', 'attempts', 'received_at', 'processed_at'])
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    data: rows.map((r) => ({
      id: String(r.id),
      mailbox: r.mailbox,
      uid: Number(r.uid),
      uidValidity: String(r.uidvalidity),
      messageId: r.message_id,
      status: r.status,
      reason: r.reason,
      ticketId: r.ticket_id,
      rawSize: r.raw_size,
      from: r.from_address,
      subject: r.subject,
      autoReply: r.auto_reply,
      attempts: r.attempts,
      receivedAt: r.received_at,
      processedAt: r.processed_at,
    })),
    total: Number(total.n),
  };
}
