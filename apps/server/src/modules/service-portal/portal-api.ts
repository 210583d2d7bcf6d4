import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { helpLang } from '../service-kb/help/help-routes.js';
import { endSession, requestLoginCode, verifyLoginCode, visitorIdOf } from './auth/portal-auth.js';
import { clearPortalCookie, portalToken, requireContact, setPortalCookie } from './auth/portal-session.js';
import { checkSignature, ratingInput, signedRatingInput, storeRating } from './csat/csat.js';
import { createPortalTicket, listPortalTickets, portalMessages, portalTicket, replyAsContact } from './tickets/portal-tickets.js';

export const codeInput = z.object({ email: z.email().trim().toLowerCase().max(254) }).strict();
export const verifyInput = z.object({ email: z.email().trim().toLowerCase().max(254), code: z.string().trim().regex(/^\d{6}$/, '6 digits') }).strict();
const idParam = z.object({ id: z.uuid() });

/** The portal's JSON API: a contact's identity from the portal cookie only (see portal-session.ts). */
export function registerPortalApi(app: FastifyInstance, ctx: ModuleContext) {
  const { db } = ctx;
  app.post('/api/portal/login/code', async (request) => {
    const { email } = parseInput(codeInput, request.body);
    await requestLoginCode(db, email, request.ip, helpLang(request));
    return { data: { sent: true } };
  });
  app.post('/api/portal/login/verify', async (request, reply) => {
    const { email, code } = parseInput(verifyInput, request.body);
    const { token } = await verifyLoginCode(db, email, code, request.ip, visitorIdOf(request.cookies));
    setPortalCookie(reply, token);
    return { data: { ok: true } };
  });
  app.post('/api/portal/logout', async (request, reply) => {
    await endSession(db, portalToken(request));
    clearPortalCookie(reply);
    return reply.status(204).send();
  });
  app.get('/api/portal/me', async (request) => {
    const c = await requireContact(db, request);
    return { data: { id: c.id, name: c.name, email: c.email, companyAccess: c.portal_company_access } };
  });
  app.get('/api/portal/tickets', async (request) => ({ data: await listPortalTickets(db, await requireContact(db, request)) }));
  app.post('/api/portal/tickets', async (request, reply) => {
    const created = await createPortalTicket(ctx, await requireContact(db, request), request.body);
    return reply.status(201).send({ data: created });
  });
  app.get('/api/portal/tickets/:id', async (request) => {
    const contact = await requireContact(db, request);
    const ticket = await portalTicket(db, contact, (request.params as { id: string }).id);
    return { data: { ...ticket, messages: await portalMessages(db, ticket.id) } };
  });
  app.post('/api/portal/tickets/:id/messages', async (request, reply) => {
    const contact = await requireContact(db, request);
    return reply.status(201).send({ data: await replyAsContact(ctx, contact, (request.params as { id: string }).id, request.body) });
  });
  app.post('/api/portal/tickets/:id/rating', async (request) => {
    const contact = await requireContact(db, request);
    const ticket = await portalTicket(db, contact, (request.params as { id: string }).id);
    return { data: await storeRating(ctx, ticket.id, parseInput(ratingInput.strict(), request.body)) };
  });
  // The survey link's answer: the signature stands in for a login.
  app.post('/api/portal/csat/:id', async (request) => {
    const { id } = parseInput(idParam, request.params);
    const { s, ...answer } = parseInput(signedRatingInput.strict(), request.body);
    await checkSignature(db, id, s);
    return { data: await storeRating(ctx, id, answer) };
  });
}
