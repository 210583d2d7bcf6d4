import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import type { AccessContext } from '../../../engine/index.js';
import { scopeCondition } from '../../../engine/permissions/access.js';
import { ApiError, badRequest, notFound, parseInput } from '../../../http/errors.js';
import type { ModuleContext } from '../../module.js';
import { storeTicketMessage } from '../messages/store-message.js';
import { setTicketSystemValues } from '../ticket-rules.js';

export const mergeInput = z.object({ targetId: z.uuid() }).strict();
export const splitInput = z.object({ subject: z.string().trim().min(1).max(300).optional() }).strict();

interface Ticket {
  id: string;
  number: string;
  subject: string;
  status: string;
  merged_into_id: string | null;
  customer_id: string | null;
  contact_id: string | null;
  support_group_id: string | null;
  category: string | null;
  priority: string;
  channel: string | null;
}

/** Locks tickets the user may update, in id order (two merges the other way round cannot deadlock). */
async function lockTickets(trx: Kysely<Database>, access: AccessContext, ids: string[], path: string): Promise<Map<string, Ticket>> {
  const { rows } = await sql<Ticket>`
    SELECT t.id, t.number, t.subject, t.status, t.merged_into_id, t.customer_id, t.contact_id, t.support_group_id, t.category, t.priority, t.channel
    FROM tickets t WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND t.deleted_at IS NULL AND ${scopeCondition(access, 'tickets', 'update')}
    ORDER BY t.id FOR UPDATE OF t`.execute(trx);
  const found = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw new ApiError('forbidden', `you may not change ticket ${missing}`, [{ path, message: `ticket ${missing} not found or not yours to change` }]);
  return found;
}

/** An internal note by the user, in their language (both tickets are worked by the same team). */
async function note(trx: Kysely<Database>, access: AccessContext, ticketId: string, text: { zh: string; en: string }) {
  const author = await trx.selectFrom('users').select(['name', 'locale']).where('id', '=', access.userId ?? '').executeTakeFirst();
  const bodyText = author?.locale === 'en' ? text.en : text.zh;
  await storeTicketMessage(trx, { ticketId, kind: 'note', direction: 'out', authorUserId: access.userId, authorName: author?.name ?? null, bodyText, actorId: access.userId });
}

/**
 * Merges a ticket into another in one transaction: its messages move to the target, the source is
 * closed with merged_into_id set and a note naming the target (audited through the engine), the
 * target gets a note naming the source.
 */
export async function mergeTicket(ctx: ModuleContext, access: AccessContext, sourceId: string, body: unknown) {
  const { targetId } = parseInput(mergeInput, body);
  if (targetId === sourceId) throw badRequest('a ticket cannot be merged into itself', [{ path: 'targetId', message: 'same ticket' }]);
  return ctx.db.transaction().execute(async (trx) => {
    const tickets = await lockTickets(trx, access, [sourceId, targetId], 'targetId');
    const source = tickets.get(sourceId)!;
    const target = tickets.get(targetId)!;
    if (source.merged_into_id) throw badRequest(`ticket ${source.number} is already merged`, [{ path: 'id', message: 'already merged' }]);
    if (target.merged_into_id) throw badRequest(`ticket ${target.number} was merged into another; merge into that one`, [{ path: 'targetId', message: 'target is merged' }]);
    const moved = await trx.updateTable('ticket_messages').set({ ticket_id: targetId }).where('ticket_id', '=', sourceId).executeTakeFirst();
    await note(trx, access, sourceId, { zh: `已合并到工单 ${target.number}。`, en: `Merged into ticket ${target.number}.` });
    await note(trx, access, targetId, { zh: `工单 ${source.number}（${source.subject}）已合并到此工单。`, en: `Ticket ${source.number} (${source.subject}) was merged into this one.` });
    setTicketSystemValues(trx, { merged_into_id: targetId });
    await ctx.engine.records.inTransaction(trx).update('tickets', sourceId, { status: 'closed' }, access);
    return { id: sourceId, mergedInto: targetId, movedMessages: Number(moved.numUpdatedRows) };
  });
}

/** Splits one message off into a new ticket (same customer, contact, group, category, priority); a note on each names the other. */
export async function splitMessage(ctx: ModuleContext, access: AccessContext, ticketId: string, messageId: string, body: unknown) {
  const input = parseInput(splitInput, body);
  return ctx.db.transaction().execute(async (trx) => {
    const source = (await lockTickets(trx, access, [ticketId], 'id')).get(ticketId)!;
    const message = await trx.selectFrom('ticket_messages').select(['id', 'body_text']).where('id', '=', messageId).where('ticket_id', '=', ticketId).executeTakeFirst();
    if (!message) throw notFound(`message ${messageId} of ticket ${source.number}`);
    const count = await trx.selectFrom('ticket_messages').select((eb) => eb.fn.countAll<string>().as('n')).where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    if (Number(count.n) < 2) throw badRequest('the only message of a ticket cannot be split off', [{ path: 'messageId', message: 'only message' }]);
    const created = await ctx.engine.records.inTransaction(trx).create(
      'tickets',
      {
        subject: input.subject ?? (message.body_text.split('\n')[0].trim().slice(0, 300) || source.subject),
        description: message.body_text.slice(0, 20_000),
        customer_id: source.customer_id,
        contact_id: source.contact_id,
        support_group_id: source.support_group_id,
        category: source.category,
        priority: source.priority,
        channel: source.channel,
      },
      access,
    );
    await trx.updateTable('ticket_messages').set({ ticket_id: created.id as string }).where('id', '=', messageId).execute();
    await note(trx, access, ticketId, { zh: `一条消息已拆分为新工单 ${created.number}。`, en: `A message was split off into ticket ${created.number}.` });
    await note(trx, access, created.id as string, { zh: `拆分自工单 ${source.number}。`, en: `Split off from ticket ${source.number}.` });
    return { id: created.id as string, number: created.number as string };
  });
}
