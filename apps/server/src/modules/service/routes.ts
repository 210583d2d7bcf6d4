import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { notFound, parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { addTicketMessage } from './messages/add-message.js';
import { listTicketMessages, readTicketAttachment } from './messages/list-messages.js';
import { markReplying, stopReplying } from './messages/presence.js';
import { registerGroupRoutes } from './groups/group-routes.js';
import { registerCannedReplyRoutes } from './settings/canned-replies.js';
import { registerSlaRoutes } from './sla/sla-routes.js';
import { mergeTicket, splitMessage } from './merge/merge-split.js';

const idParam = z.object({ id: z.uuid() });
const messageParams = z.object({ id: z.uuid(), messageId: z.uuid() });
const attachmentParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });

export function registerServiceRoutes(app: FastifyInstance, ctx: ModuleContext) {
  const { db, engine } = ctx;

  app.get('/api/v1/tickets/:id/messages', async (request) => {
    const access = requireAccess(request);
    const { id } = parseInput(idParam, request.params);
    return { data: await listTicketMessages(engine, db, access, id) };
  });

  app.post('/api/v1/tickets/:id/messages', async (request, reply) => {
    const access = requireAccess(request);
    const { id } = parseInput(idParam, request.params);
    return reply.code(201).send({ data: await addTicketMessage(ctx, access, id, request.body) });
  });

  app.get('/api/v1/tickets/:id/attachments/:attachmentId', async (request, reply) => {
    const access = requireAccess(request);
    const { id, attachmentId } = parseInput(attachmentParams, request.params);
    const file = await readTicketAttachment(engine, db, access, id, attachmentId);
    if (!file) throw notFound(`attachment ${attachmentId}`);
    // Served as a download, never rendered in the app's origin.
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .send(file.content);
  });

  // Collision warning: the editor says "I am replying" and learns who else is.
  app.post('/api/v1/tickets/:id/replying', async (request) => {
    const access = requireAccess(request);
    const { id } = parseInput(idParam, request.params);
    await engine.records.get('tickets', id, access);
    return { data: { others: await markReplying(db, id, access.userId!) } };
  });

  app.delete('/api/v1/tickets/:id/replying', async (request) => {
    const access = requireAccess(request);
    const { id } = parseInput(idParam, request.params);
    await stopReplying(db, id, access.userId!);
    return { data: { id } };
  });

  app.post('/api/v1/tickets/:id/merge', async (request) => {
    const access = requireAccess(request);
    const { id } = parseInput(idParam, request.params);
    return { data: await mergeTicket(ctx, access, id, request.body) };
  });

  app.post('/api/v1/tickets/:id/messages/:messageId/split', async (request, reply) => {
    const access = requireAccess(request);
    const { id, messageId } = parseInput(messageParams, request.params);
    return reply.code(201).send({ data: await splitMessage(ctx, access, id, messageId, request.body) });
  });

  registerCannedReplyRoutes(app, ctx);
  registerGroupRoutes(app, ctx);
  registerSlaRoutes(app, ctx);
}
