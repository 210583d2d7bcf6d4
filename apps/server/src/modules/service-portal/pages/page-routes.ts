import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../../http/errors.js';
import { isSameOriginRequest } from '../../../http/same-origin.js';
import { publicUrlFrom } from '../../../config.js';
import type { ModuleContext } from '../../module.js';
import { helpLang } from '../../service-kb/help/help-routes.js';
import { contactFromToken, endSession, requestLoginCode, verifyLoginCode, visitorIdOf } from '../auth/portal-auth.js';
import { clearPortalCookie, portalToken, requireContact, setPortalCookie } from '../auth/portal-session.js';
import { checkSignature, storeRating } from '../csat/csat.js';
import { PORTAL_TEXTS, type PortalLang } from '../locales/portal-texts.js';
import { codeInput, verifyInput } from '../portal-api.js';
import { createPortalTicket, listPortalTickets, portalFile, portalMessages, portalTicket, replyAsContact } from '../tickets/portal-tickets.js';
import { PORTAL_MAX_FILE_BYTES, PORTAL_MAX_FILES, readPortalForm } from '../tickets/portal-uploads.js';
import { DEFLECT_JS } from './deflect-script.js';
import { link } from './layout.js';
import { codePage, messagePage, newTicketPage, signInPage, surveyPage, ticketPage, ticketsPage } from './pages.js';

const html = (reply: FastifyReply, body: string, status = 200) => reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
const form = (request: FastifyRequest) => (request.body ?? {}) as Record<string, string>;
const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/** What an error means on a page: the same message texts as the API, in the visitor's language. */
function errorPage(reply: FastifyReply, lang: PortalLang, error: unknown) {
  if (!(error instanceof ApiError)) throw error;
  const t = PORTAL_TEXTS[lang];
  if (error.code === 'unauthorized') return reply.redirect(link(lang, '/portal'), 303);
  const text = error.code === 'rate_limited' ? t.tooMany : error.code === 'not_found' ? t.notFound : error.code === 'forbidden' ? t.badLink : error.code === 'conflict' ? t.closed : error.message;
  return html(reply, messagePage(lang, text), error.status);
}

/**
 * The portal's pages, rendered on the server (plain forms; the one script only suggests articles).
 * Form posts are outside /api/, so they run the same cross-site check here.
 */
export async function registerPortalPages(app: FastifyInstance, ctx: ModuleContext) {
  const { db } = ctx;
  // Times read as the support desk's calendar reads them.
  const deskZone = async () => (await db.selectFrom('support_calendar').select('timezone').where('id', '=', 1).executeTakeFirst())?.timezone ?? 'Asia/Shanghai';
  await app.register(async (scope) => {
    await scope.register(formbody);
    // New tickets and replies may carry files (limits checked per request in readPortalForm).
    await scope.register(multipart, { limits: { fileSize: PORTAL_MAX_FILE_BYTES, files: PORTAL_MAX_FILES } });
    scope.addHook('preHandler', async (request) => {
      if (request.method === 'POST' && !isSameOriginRequest(request, publicUrlFrom())) throw new ApiError('forbidden', 'cross-site request refused', [{ path: 'origin', message: 'must be this server' }]);
    });
    const handle = (fn: (request: FastifyRequest, reply: FastifyReply, lang: PortalLang) => Promise<unknown>) => async (request: FastifyRequest, reply: FastifyReply) => {
      const lang = helpLang(request);
      try {
        return await fn(request, reply, lang);
      } catch (error) {
        return errorPage(reply, lang, error);
      }
    };

    scope.get('/portal/assets/deflect.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(DEFLECT_JS));
    scope.get('/portal', handle(async (request, reply, lang) => {
      const contact = await contactFromToken(db, portalToken(request));
      if (!contact) return html(reply, signInPage(lang));
      return html(reply, ticketsPage(lang, await deskZone(), contact.name, await listPortalTickets(db, contact)));
    }));
    scope.post('/portal/login', handle(async (request, reply, lang) => {
      const parsed = codeInput.safeParse(form(request));
      if (!parsed.success) return html(reply, signInPage(lang, PORTAL_TEXTS[lang].emailLabel, true), 400);
      await requestLoginCode(db, parsed.data.email, request.ip, lang);
      return html(reply, codePage(lang, parsed.data.email, PORTAL_TEXTS[lang].codeSent));
    }));
    scope.post('/portal/verify', handle(async (request, reply, lang) => {
      const parsed = verifyInput.safeParse(form(request));
      const email = String(form(request).email ?? '');
      if (!parsed.success) return html(reply, codePage(lang, email, PORTAL_TEXTS[lang].wrongCode, true), 400);
      try {
        setPortalCookie(reply, (await verifyLoginCode(db, parsed.data.email, parsed.data.code, request.ip, visitorIdOf(request.cookies))).token);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'bad_request') return html(reply, codePage(lang, email, PORTAL_TEXTS[lang].wrongCode, true), 400);
        throw error;
      }
      return reply.redirect(link(lang, '/portal'), 303);
    }));
    scope.post('/portal/logout', handle(async (request, reply, lang) => {
      await endSession(db, portalToken(request));
      clearPortalCookie(reply);
      return reply.redirect(link(lang, '/portal'), 303);
    }));
    scope.get('/portal/new', handle(async (request, reply, lang) => {
      await requireContact(db, request);
      return html(reply, newTicketPage(lang));
    }));
    scope.post('/portal/tickets', handle(async (request, reply, lang) => {
      const contact = await requireContact(db, request);
      const { fields, files } = await readPortalForm(request);
      const created = await createPortalTicket(ctx, contact, fields, files);
      return reply.redirect(link(lang, `/portal/tickets/${created.id}`), 303);
    }));
    scope.get('/portal/tickets/:id', handle(async (request, reply, lang) => {
      const ticket = await portalTicket(db, await requireContact(db, request), idOf(request));
      const rated = (request.query as Record<string, string>).rated;
      return html(reply, ticketPage(lang, await deskZone(), ticket, await portalMessages(db, ticket.id), rated ? PORTAL_TEXTS[lang].thanks : undefined));
    }));
    scope.post('/portal/tickets/:id/reply', handle(async (request, reply, lang) => {
      const contact = await requireContact(db, request);
      const { fields, files } = await readPortalForm(request);
      await replyAsContact(ctx, contact, idOf(request), fields, files);
      return reply.redirect(link(lang, `/portal/tickets/${idOf(request)}`), 303);
    }));
    scope.get('/portal/tickets/:id/files/:fileId', handle(async (request, reply) => {
      const file = await portalFile(db, await requireContact(db, request), idOf(request), (request.params as { fileId: string }).fileId);
      return reply
        .header('content-type', file.content_type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(file.content);
    }));
    scope.post('/portal/tickets/:id/rating', handle(async (request, reply, lang) => {
      const ticket = await portalTicket(db, await requireContact(db, request), idOf(request));
      await storeRating(ctx, ticket.id, form(request));
      return reply.redirect(link(lang, `/portal/tickets/${ticket.id}?rated=1`), 303);
    }));
    scope.get('/portal/rate/:id', handle(async (request, reply, lang) => {
      const q = request.query as Record<string, string>;
      await checkSignature(db, idOf(request), String(q.s ?? ''));
      return html(reply, surveyPage(lang, idOf(request), q.s, Number(q.r) || undefined));
    }));
    scope.post('/portal/rate/:id', handle(async (request, reply, lang) => {
      const { s, ...answer } = form(request);
      await checkSignature(db, idOf(request), String(s ?? ''));
      await storeRating(ctx, idOf(request), answer);
      return html(reply, surveyPage(lang, idOf(request), s, undefined, PORTAL_TEXTS[lang].thanks));
    }));
  });
}
