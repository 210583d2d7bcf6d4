import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditConfigChange } from '../../../engine/audit/audit.js';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { notFound, parseInput } from '../../../http/errors.js';
import { renderTemplate } from '../../notifications/email/render-template.js';
import type { ModuleContext } from '../../module.js';
import { requireManage, requireTicketReader } from '../service-access.js';

export const cannedReplyInput = z.object({ title: z.string().trim().min(1).max(100), body: z.string().trim().min(1).max(20_000) }).strict();
const idParam = z.object({ id: z.uuid() });
const renderParams = z.object({ id: z.uuid(), replyId: z.uuid() });

const shape = (r: { id: string; title: string; body: string; updated_at: Date }) => ({ id: r.id, title: r.title, body: r.body, updatedAt: r.updated_at });

/** 快捷回复: shared reply texts with {{contact.name}}, {{ticket.number}}… filled in for a ticket. */
export function registerCannedReplyRoutes(app: FastifyInstance, { db, engine }: ModuleContext) {
  app.get('/api/v1/service/canned-replies', async (request) => {
    requireTicketReader(requireAccess(request));
    const rows = await db.selectFrom('canned_replies').selectAll().orderBy('title').execute();
    return { data: rows.map(shape) };
  });

  app.post('/api/v1/service/canned-replies', async (request, reply) => {
    const access = requireAccess(request);
    requireManage(access, 'canned_replies');
    const input = parseInput(cannedReplyInput, request.body);
    const row = await db.transaction().execute(async (trx) => {
      const created = await trx.insertInto('canned_replies').values({ ...input, created_by: access.userId }).returningAll().executeTakeFirstOrThrow();
      await auditConfigChange(trx, 'service', access.userId, { id: created.id, name: created.title }, null, input);
      return created;
    });
    return reply.code(201).send({ data: shape(row) });
  });

  app.put('/api/v1/service/canned-replies/:id', async (request) => {
    const access = requireAccess(request);
    requireManage(access, 'canned_replies');
    const { id } = parseInput(idParam, request.params);
    const input = parseInput(cannedReplyInput, request.body);
    const row = await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('canned_replies').select(['title', 'body']).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound(`canned reply ${id}`);
      const updated = await trx.updateTable('canned_replies').set({ ...input, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await auditConfigChange(trx, 'service', access.userId, { id, name: updated.title }, before, input);
      return updated;
    });
    return { data: shape(row) };
  });

  app.delete('/api/v1/service/canned-replies/:id', async (request) => {
    const access = requireAccess(request);
    requireManage(access, 'canned_replies');
    const { id } = parseInput(idParam, request.params);
    await db.transaction().execute(async (trx) => {
      const before = await trx.deleteFrom('canned_replies').where('id', '=', id).returning(['title', 'body']).executeTakeFirst();
      if (!before) throw notFound(`canned reply ${id}`);
      await auditConfigChange(trx, 'service', access.userId, { id, name: before.title }, before, null);
    });
    return { data: { id } };
  });

  // The text with the ticket's values: what the picker inserts into the reply box.
  app.get('/api/v1/tickets/:id/canned-replies/:replyId', async (request) => {
    const access = requireAccess(request);
    const { id, replyId } = parseInput(renderParams, request.params);
    const ticket = await engine.records.get('tickets', id, access);
    const canned = await db.selectFrom('canned_replies').selectAll().where('id', '=', replyId).executeTakeFirst();
    if (!canned) throw notFound(`canned reply ${replyId}`);
    const related = async (object: string, recordId: unknown) => (typeof recordId === 'string' ? engine.records.get(object, recordId, access).catch(() => null) : null);
    const agent = await db.selectFrom('users').select(['name', 'email']).where('id', '=', access.userId ?? '').executeTakeFirst();
    const vars = { ticket, contact: await related('contacts', ticket.contact_id), customer: await related('customers', ticket.customer_id), agent };
    return { data: { title: canned.title, text: renderTemplate(canned.body, vars) } };
  });
}
