import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { SYSTEM_CONTEXT, type Engine } from '../../../engine/index.js';
import { ApiError, notFound, parseInput } from '../../../http/errors.js';
import type { ModuleContext } from '../../module.js';
import { queueDelivery } from '../../notifications/email/send-template-email.js';
import { absoluteLink, loadSmtpSettings } from '../../notifications/email/smtp-settings.js';
import { storeTicketMessage } from '../../service/messages/store-message.js';
import { linkSecret } from '../auth/portal-auth.js';
import { PORTAL_TEXTS } from '../locales/portal-texts.js';

export const ratingInput = z.object({ rating: z.coerce.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() });
export const signedRatingInput = ratingInput.extend({ s: z.string().min(1).max(100) });

export async function signTicket(db: Kysely<Database>, ticketId: string): Promise<string> {
  return createHmac('sha256', await linkSecret(db)).update(`csat:${ticketId}`).digest('base64url');
}

/** A survey link's signature must be ours for this very ticket (no login needed). */
export async function checkSignature(db: Kysely<Database>, ticketId: string, s: string) {
  const expected = Buffer.from(await signTicket(db, ticketId));
  const given = Buffer.from(s);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new ApiError('forbidden', 'the survey link is not valid', [{ path: 's', message: 'bad signature' }]);
}

export const surveyPath = (ticketId: string, s: string, rating?: number) => `/portal/rate/${ticketId}?s=${s}${rating ? `&r=${rating}` : ''}`;

/** When a ticket becomes solved its contact gets the survey mail, in the same transaction (sent after commit). */
export function registerCsatMail(engine: Engine) {
  engine.hooks.on('tickets', 'afterUpdate', async ({ trx, previous, record }) => {
    if (!record || record.status !== 'solved' || previous?.status === 'solved' || !record.contact_id) return;
    const { rows } = await sql<{ email: string | null; name: string }>`SELECT email, name FROM contacts WHERE id = ${record.contact_id} AND deleted_at IS NULL`.execute(trx);
    const contact = rows[0];
    if (!contact?.email) return;
    const s = await signTicket(trx, record.id as string);
    const appUrl = (await loadSmtpSettings(trx))?.appUrl;
    const link = (r?: number) => absoluteLink(surveyPath(record.id as string, s, r), appUrl);
    const zh = PORTAL_TEXTS.zh;
    const en = PORTAL_TEXTS.en;
    const stars = [5, 4, 3, 2, 1].map((r) => `${'★'.repeat(r)}  ${link(r)}`).join('\n');
    await queueDelivery(trx, {
      channel: 'email',
      userId: null,
      notificationId: null,
      payload: {
        to: contact.email,
        toName: contact.name,
        subject: `[${record.number}] ${zh.csatSubject} / ${en.csatSubject}`,
        text: `${zh.csatBody(String(record.subject))}\n${en.csatBody(String(record.subject))}\n\n${stars}\n`,
      },
      dedupeKey: `csat:${record.id}:${record.solved_at ?? ''}`,
    });
  });
}

/**
 * Stores a CSAT answer (one per ticket; a second answer replaces the first) with the ticket's agent,
 * customer and contact; the score goes on the ticket's satisfaction field and an internal note tells
 * the agents, all in one audited transaction. Only solved or closed tickets are rated.
 */
export async function storeRating(ctx: ModuleContext, ticketId: string, body: unknown): Promise<{ rating: number }> {
  const input = parseInput(ratingInput, body);
  return ctx.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ id: string; status: string; owner_id: string | null; customer_id: string | null; contact_id: string | null; contact_name: string | null }>`
      SELECT t.id, t.status, t.owner_id, t.customer_id, t.contact_id, k.name AS contact_name
      FROM tickets t LEFT JOIN contacts k ON k.id = t.contact_id WHERE t.id = ${ticketId} AND t.deleted_at IS NULL FOR UPDATE OF t`.execute(trx);
    const ticket = rows[0];
    if (!ticket) throw notFound('ticket');
    if (!['solved', 'closed'].includes(ticket.status)) throw new ApiError('conflict', 'only a solved ticket can be rated', [{ path: 'status', message: ticket.status }]);
    const values = { rating: input.rating, comment: input.comment || null, agent_user_id: ticket.owner_id, customer_id: ticket.customer_id, contact_id: ticket.contact_id };
    await trx
      .insertInto('ticket_ratings')
      .values({ ticket_id: ticket.id, ...values })
      .onConflict((oc) => oc.column('ticket_id').doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
    await ctx.engine.records.inTransaction(trx).update('tickets', ticket.id, { satisfaction: input.rating }, SYSTEM_CONTEXT);
    const note = `${'★'.repeat(input.rating)}${'☆'.repeat(5 - input.rating)} (${input.rating}/5)${input.comment ? `\n${input.comment}` : ''}`;
    await storeTicketMessage(trx, { ticketId: ticket.id, kind: 'note', direction: 'in', authorContactId: ticket.contact_id, authorName: ticket.contact_name, bodyText: note, actorId: null });
    return { rating: input.rating };
  });
}
