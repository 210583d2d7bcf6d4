import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publicUrlFrom } from '../../../config.js';
import { ApiError, notFound, parseInput } from '../../../http/errors.js';
import { EMBEDDABLE_HEADERS } from '../../../http/security-headers.js';
import type { ModuleContext } from '../../module.js';
import { agentsAvailable } from '../agents/availability.js';
import type { ChatHub } from '../live/chat-hub.js';
import { openSse } from '../live/sse.js';
import { messageOf, messagesAfter } from '../sessions/chat-events.js';
import { chatFileOf, chatMaxFileBytes, readChatFile, sendChatFile } from '../sessions/chat-files.js';
import { endChat, leaveEmail, leaveEmailInput, leaveOfflineMessage, offlineInput, openSessionOf, routeOf, startChat, startInput, visitorFile, visitorMessage, visitorMessageInput, visitorSession } from '../sessions/lifecycle.js';
import { signalTyping } from '../sessions/typing.js';
import { sessionView } from '../sessions/views.js';
import { loadChatSettings } from '../settings/chat-settings.js';
import { checkChatRate } from './rate-limit.js';
import { newVisitorToken, visitorIdOf } from './visitor-token.js';
import { widgetScript } from './widget-script.js';

const tokenParam = z.object({ token: z.string().regex(/^[0-9a-f]{32}$/, 'unknown chat') });
const sessionParams = tokenParam.extend({ id: z.uuid() });
const fileParams = sessionParams.extend({ fileId: z.string().max(40) });
const afterQuery = z.object({ after: z.string().regex(/^\d{1,18}$/).optional(), visitor: z.string().max(100).optional() });
export const PUBLIC_CHAT_PREFIX = '/api/v1/public/chat';
/** Widget writes are a few hundred bytes; anything far larger is junk. */
const bodyLimit = 16 * 1024;

/**
 * What the widget reaches without a login: its script, and the chat API under /api/v1/public/chat
 * (no cookies; the visitor token signs who is who). CORS only for the origins the admin allowed;
 * a browser request from any other origin is refused with 403 before anything runs.
 */
export async function registerPublicChatRoutes(app: FastifyInstance, ctx: ModuleContext, hub: ChatHub) {
  const { db } = ctx;
  const settingsFor = async (token: string) => {
    const s = await loadChatSettings(db);
    if (!s.enabled || s.token !== token) throw notFound('chat');
    return s;
  };

  app.get('/chat/:token/widget.js', { helmet: EMBEDDABLE_HEADERS }, async (request, reply) => {
    const { token } = parseInput(tokenParam, request.params);
    await settingsFor(token);
    return reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=60')
      .send(widgetScript(token, `${publicUrlFrom() ?? ''}${PUBLIC_CHAT_PREFIX}/${token}`));
  });

  await app.register(
    async (scope) => {
      await scope.register(cors, {
        // Only the admin's origins; a page elsewhere gets 403 (and no CORS headers to read it).
        origin: async (origin: string | undefined) => {
          if (!origin) return false;
          const { allowed_origins } = await loadChatSettings(db);
          if (allowed_origins.includes(origin)) return origin;
          throw new ApiError('forbidden', `this chat does not run on ${origin.slice(0, 200)}`, [{ path: 'origin', message: 'not an allowed origin' }]);
        },
        methods: ['GET', 'POST'],
        allowedHeaders: ['content-type', 'x-chat-visitor'],
        credentials: false,
        maxAge: 600,
      });

      // Files in a chat (one per request, bounded in readChatFile).
      await scope.register(multipart, { limits: { fileSize: chatMaxFileBytes(), files: 1 } });

      const visitorOf = async (request: FastifyRequest) => {
        const { token } = parseInput(tokenParam, request.params);
        const settings = await settingsFor(token);
        return { settings, visitorId: visitorIdOf(settings.visitor_secret, request.headers['x-chat-visitor']) };
      };
      const sessionOf = async (request: FastifyRequest) => {
        const { id } = parseInput(sessionParams, request.params);
        const { visitorId } = await visitorOf(request);
        return { id, visitorId, session: await visitorSession(db, visitorId, id) };
      };
      // A first message: the widget's visitor token, or a new one; counted against the rate limits.
      const heldOrNewVisitor = async (request: FastifyRequest) => {
        const { token } = parseInput(tokenParam, request.params);
        const { visitor_secret } = await settingsFor(token);
        const held = request.headers['x-chat-visitor'];
        const visitor = held ? { token: String(held), visitorId: visitorIdOf(visitor_secret, held) } : newVisitorToken(visitor_secret);
        await checkChatRate(db, request.ip, visitor.visitorId);
        return visitor;
      };
      const withMessages = async (id: string) => ({ session: await sessionView(db, id), messages: await messagesAfter(db, id, null) });

      scope.get('/:token/config', async (request) => {
        const { token } = parseInput(tokenParam, request.params);
        const s = await settingsFor(token);
        return {
          data: {
            enabled: s.enabled,
            online: (await agentsAvailable(db)) > 0,
            greeting: { zh: s.greeting_zh, en: s.greeting_en },
            offline: { zh: s.offline_zh, en: s.offline_en },
            topics: s.topics.map((t) => ({ key: t.key, label: { zh: t.zh, en: t.en } })),
            maxFileBytes: chatMaxFileBytes(),
          },
        };
      });

      // The first message: a signed visitor token is issued unless the widget already holds one.
      scope.post('/:token/sessions', { bodyLimit }, async (request, reply) => {
        const visitor = await heldOrNewVisitor(request);
        const input = parseInput(startInput, request.body);
        const session = await startChat(ctx, visitor.visitorId, input, request.ip, routeOf(await loadChatSettings(db), input.topic));
        return reply.status(201).send({ data: { visitor: visitor.token, ...(await withMessages(session.id)) } });
      });

      scope.post('/:token/offline', { bodyLimit }, async (request, reply) => {
        const visitor = await heldOrNewVisitor(request);
        const input = parseInput(offlineInput, request.body);
        const result = await leaveOfflineMessage(ctx, visitor.visitorId, input, request.ip, routeOf(await loadChatSettings(db), input.topic));
        return reply.status(201).send({ data: { visitor: visitor.token, ticketNumber: result.ticketNumber } });
      });

      scope.get('/:token/sessions/current', async (request) => {
        const { visitorId } = await visitorOf(request);
        const open = await openSessionOf(db, visitorId);
        return { data: open ? await withMessages(open.id) : null };
      });

      // Polling fallback of the stream.
      scope.get('/:token/sessions/:id/messages', async (request) => {
        const { id } = await sessionOf(request);
        const { after } = parseInput(afterQuery, request.query);
        return { data: { session: await sessionView(db, id), messages: await messagesAfter(db, id, after ?? null) } };
      });

      scope.post('/:token/sessions/:id/messages', { bodyLimit }, async (request, reply) => {
        const { id, visitorId } = await sessionOf(request);
        await checkChatRate(db, request.ip, visitorId);
        const { text } = parseInput(visitorMessageInput, request.body);
        const row = await visitorMessage(ctx, visitorId, id, text);
        return reply.status(201).send({ data: { id: String(row.id), author: 'visitor', agentName: null, text, createdAt: row.created_at } });
      });

      scope.post('/:token/sessions/:id/files', async (request, reply) => {
        const { id, visitorId } = await sessionOf(request);
        await checkChatRate(db, request.ip, visitorId);
        const row = await visitorFile(ctx, visitorId, id, await readChatFile(request));
        return reply.status(201).send({ data: await messageOf(db, id, String(row.id)) });
      });

      // An <img> sends no headers: the visitor token comes in the query, as for the stream.
      scope.get('/:token/sessions/:id/files/:fileId', async (request, reply) => {
        const { id, token, fileId } = parseInput(fileParams, request.params);
        const { visitor } = parseInput(afterQuery, request.query);
        const settings = await settingsFor(token);
        await visitorSession(db, visitorIdOf(settings.visitor_secret, visitor), id);
        // Shown inside the company's page, another origin.
        reply.header('cross-origin-resource-policy', 'cross-origin');
        return sendChatFile(reply, await chatFileOf(db, id, fileId));
      });

      // "Typing…" for the agent: not stored, not counted against the message limits (throttled instead).
      scope.post('/:token/sessions/:id/typing', { bodyLimit }, async (request, reply) => {
        const { id, session } = await sessionOf(request);
        if (session.status === 'active') await signalTyping(db, id, 'visitor', null);
        return reply.status(204).send();
      });

      scope.post('/:token/sessions/:id/email', { bodyLimit }, async (request) => {
        const { id, visitorId } = await sessionOf(request);
        await checkChatRate(db, request.ip, visitorId);
        await leaveEmail(ctx, visitorId, id, parseInput(leaveEmailInput, request.body));
        return { data: await sessionView(db, id) };
      });

      scope.post('/:token/sessions/:id/end', { bodyLimit }, async (request) => {
        const { id, visitorId } = await sessionOf(request);
        const { status } = await endChat(ctx, { visitorId }, id, false);
        return { data: { id, status } };
      });

      // EventSource sends no headers: the visitor token comes in the query. Last-Event-ID or
      // ?after= resumes after the last message the widget has.
      scope.get('/:token/sessions/:id/events', async (request, reply) => {
        const { id, token } = parseInput(sessionParams, request.params);
        const { after, visitor } = parseInput(afterQuery, request.query);
        const settings = await settingsFor(token);
        await visitorSession(db, visitorIdOf(settings.visitor_secret, visitor), id);
        const lastEventId = String(request.headers['last-event-id'] ?? '');
        const cursor = /^\d{1,18}$/.test(lastEventId) ? lastEventId : (after ?? null);
        let leave = () => undefined as void;
        openSse(request, reply, { closed: () => leave() });
        leave = hub.addVisitor(reply.raw, id, cursor);
      });
    },
    { prefix: PUBLIC_CHAT_PREFIX },
  );
}
