import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { userFromCredentials } from '../../../accounts/auth-routes.js';
import { scopeFor, type AccessContext } from '../../../engine/permissions/access.js';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { forbidden, notFound, parseInput } from '../../../http/errors.js';
import type { ModuleContext } from '../../module.js';
import { requireTicketReader } from '../../service/service-access.js';
import type { ChatHub } from '../live/chat-hub.js';
import { openSse } from '../live/sse.js';
import { messagesAfter } from '../sessions/chat-events.js';
import { acceptChat, agentMessage, agentMessageInput, endChat, endInput } from '../sessions/lifecycle.js';
import { agentSessions } from '../sessions/views.js';
import { isOnline, markSeen, setAvailability } from './availability.js';

export const availabilityInput = z.strictObject({ online: z.boolean() });
const idParam = z.object({ id: z.uuid() });

/** Whoever reads tickets (客服专员, 客服主管, admins) works in the chat console. */
function requireAgent(request: FastifyRequest): AccessContext & { userId: string } {
  const access = requireAccess(request);
  requireTicketReader(access);
  if (!access.userId) throw forbidden('chat needs a user');
  return access as AccessContext & { userId: string };
}

/** Managers (tickets read 'all') see every chat; an agent the queue and their own. */
const seesAll = (access: AccessContext) => access.permissions.admin || scopeFor(access, 'tickets', 'read') === 'all';

/** The agents' console: availability, the queue, accepting, replying and ending, and its live stream. */
export function registerAgentRoutes(app: FastifyInstance, ctx: ModuleContext, hub: ChatHub) {
  const { db } = ctx;
  const agentName = async (userId: string) => (await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirstOrThrow()).name;
  const visibleSession = async (access: AccessContext & { userId: string }, id: string) => {
    const [session] = await agentSessions(db, (q) => q.where('s.id', '=', id));
    if (!session || !(session.status === 'waiting' || session.agentId === access.userId || seesAll(access))) throw notFound(`chat ${id}`);
    return session;
  };

  app.get('/api/v1/chat/agent', async (request) => {
    const access = requireAgent(request);
    return { data: { online: await isOnline(db, access.userId) } };
  });

  app.put('/api/v1/chat/agent', async (request) => {
    const access = requireAgent(request);
    const { online } = parseInput(availabilityInput, request.body);
    await setAvailability(db, access.userId, online);
    return { data: { online } };
  });

  // Waiting chats (oldest first) and the open chats of this agent (of everyone for a manager).
  app.get('/api/v1/chat/sessions', async (request) => {
    const access = requireAgent(request);
    const all = seesAll(access);
    const sessions = await agentSessions(db, (q) => q.where((eb) => eb.or([eb('s.status', '=', 'waiting'), eb.and([eb('s.status', '=', 'active'), all ? eb.lit(true) : eb('s.agent_id', '=', access.userId)])])));
    return { data: sessions };
  });

  app.get('/api/v1/chat/sessions/:id', async (request) => {
    const access = requireAgent(request);
    const { id } = parseInput(idParam, request.params);
    const session = await visibleSession(access, id);
    return { data: { ...session, messages: await messagesAfter(db, id, null) } };
  });

  app.post('/api/v1/chat/sessions/:id/accept', async (request) => {
    const access = requireAgent(request);
    const { id } = parseInput(idParam, request.params);
    await acceptChat(ctx, { id: access.userId, name: await agentName(access.userId) }, id);
    return { data: await visibleSession(access, id) };
  });

  app.post('/api/v1/chat/sessions/:id/messages', async (request, reply) => {
    const access = requireAgent(request);
    const { id } = parseInput(idParam, request.params);
    const { text } = parseInput(agentMessageInput, request.body);
    const row = await agentMessage(ctx, access.userId, id, text);
    return reply.status(201).send({ data: { id: String(row.id), author: 'agent', agentName: await agentName(access.userId), text, createdAt: row.created_at } });
  });

  app.post('/api/v1/chat/sessions/:id/end', async (request) => {
    const access = requireAgent(request);
    const { id } = parseInput(idParam, request.params);
    const { createTicket } = parseInput(endInput, request.body ?? {});
    const result = await endChat(ctx, { agentId: access.userId }, id, createTicket);
    return { data: { ...(await visibleSession(access, id)), activityId: result.activityId } };
  });

  // Ids of changed chats only; the console refetches through the routes above. Each heartbeat
  // keeps the agent counted as present and ends the stream after a logout.
  app.get('/api/v1/chat/stream', async (request, reply) => {
    const access = requireAgent(request);
    await markSeen(db, access.userId);
    let leave = () => undefined as void;
    const res = openSse(request, reply, {
      beat: async () => {
        if (!(await userFromCredentials(db, request))) return false;
        await markSeen(db, access.userId);
        return true;
      },
      closed: () => leave(),
    });
    res.write('event: ready\ndata: {}\n\n');
    leave = hub.addAgent(res);
  });
}
