import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { z } from 'zod';
import { userFromCredentials } from '../../../accounts/auth-routes.js';
import { scopeFor, type AccessContext } from '../../../engine/permissions/access.js';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { forbidden, notFound, parseInput } from '../../../http/errors.js';
import type { ModuleContext } from '../../module.js';
import { requireTicketReader } from '../../service/service-access.js';
import type { ChatHub } from '../live/chat-hub.js';
import { openSse } from '../live/sse.js';
import { messageOf, messagesAfter } from '../sessions/chat-events.js';
import { chatFileOf, chatMaxFileBytes, readChatFile, sendChatFile } from '../sessions/chat-files.js';
import { acceptChat, agentFile, agentMessage, agentMessageInput, endChat, endInput, heldChat } from '../sessions/lifecycle.js';
import { signalTyping } from '../sessions/typing.js';
import type { ChatTables } from '../tables.js';
import { agentSessions } from '../sessions/views.js';
import { isOnline, markSeen, setAvailability } from './availability.js';

export const availabilityInput = z.strictObject({ online: z.boolean() });
const idParam = z.object({ id: z.uuid() });
const fileParams = idParam.extend({ fileId: z.string().max(40) });

/** Whoever reads tickets (客服专员, 客服主管, admins) works in the chat console. */
function requireAgent(request: FastifyRequest): Agent {
  const access = requireAccess(request);
  requireTicketReader(access);
  if (!access.userId) throw forbidden('chat needs a user');
  return access as Agent;
}

type Agent = AccessContext & { userId: string };

/**
 * Which chats an agent may see and take. Managers (tickets read 'all', 客服主管), admins and the
 * lead of any support group see every chat; an agent the waiting chats of their groups and the
 * unrouted ones, and the chats they hold.
 */
async function chatReach(db: Kysely<Database>, access: Agent): Promise<{ all: boolean; groups: string[] }> {
  if (access.permissions.admin || scopeFor(access, 'tickets', 'read') === 'all') return { all: true, groups: [] };
  const { rows } = await sql<{ group_id: string; lead: boolean }>`
    SELECT m.group_id, false AS lead FROM support_group_members m JOIN support_groups g ON g.id = m.group_id AND g.deleted_at IS NULL WHERE m.user_id = ${access.userId}
    UNION ALL SELECT g.id, true FROM support_groups g WHERE g.lead_user_id = ${access.userId} AND g.deleted_at IS NULL`.execute(db);
  return { all: rows.some((r) => r.lead), groups: rows.map((r) => r.group_id) };
}

/** The waiting chats within reach: routed to one of the agent's groups, or to nobody in particular. */
function queueWithin(reach: { all: boolean; groups: string[] }) {
  return (eb: ExpressionBuilder<{ s: ChatTables['chat_sessions'] }, 's'>) =>
    eb.and([eb('s.status', '=', 'waiting'), reach.all ? eb.lit(true) : eb.or([eb('s.group_id', 'is', null), ...(reach.groups.length ? [eb('s.group_id', 'in', reach.groups)] : [])])]);
}

/** The agents' console: availability, the queue, accepting, replying and ending, and its live stream. */
export function registerAgentRoutes(app: FastifyInstance, ctx: ModuleContext, hub: ChatHub) {
  const { db } = ctx;
  const agentName = async (userId: string) => (await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirstOrThrow()).name;
  // A chat outside the agent's reach is a 404, its accept included: ids are not secrets.
  const visibleSession = async (access: Agent, id: string) => {
    const reach = await chatReach(db, access);
    const [session] = await agentSessions(db, (q) => q.where('s.id', '=', id).where((eb) => eb.or([queueWithin(reach)(eb), eb('s.agent_id', '=', access.userId), ...(reach.all ? [eb.lit(true)] : [])])));
    if (!session) throw notFound(`chat ${id}`);
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
    const reach = await chatReach(db, access);
    const sessions = await agentSessions(db, (q) => q.where((eb) => eb.or([queueWithin(reach)(eb), eb.and([eb('s.status', '=', 'active'), reach.all ? eb.lit(true) : eb('s.agent_id', '=', access.userId)])])));
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
    // Another group's chat is a 404; one of the agent's groups already taken a 409 (acceptChat).
    const reach = await chatReach(db, access);
    const target = await db.selectFrom('chat_sessions').select('group_id').where('id', '=', id).executeTakeFirst();
    if (!target || !(reach.all || target.group_id === null || reach.groups.includes(target.group_id))) throw notFound(`chat ${id}`);
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

  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: chatMaxFileBytes(), files: 1 } });
    scope.post('/api/v1/chat/sessions/:id/files', async (request, reply) => {
      const access = requireAgent(request);
      const { id } = parseInput(idParam, request.params);
      const row = await agentFile(ctx, access.userId, id, await readChatFile(request));
      return reply.status(201).send({ data: await messageOf(db, id, String(row.id)) });
    });
  });

  app.get('/api/v1/chat/sessions/:id/files/:fileId', async (request, reply) => {
    const access = requireAgent(request);
    const { id, fileId } = parseInput(fileParams, request.params);
    await visibleSession(access, id);
    return sendChatFile(reply, await chatFileOf(db, id, fileId));
  });

  app.post('/api/v1/chat/sessions/:id/typing', async (request, reply) => {
    const access = requireAgent(request);
    const { id } = parseInput(idParam, request.params);
    await db.transaction().execute((trx) => heldChat(trx, access.userId, id));
    await signalTyping(db, id, 'agent', await agentName(access.userId));
    return reply.status(204).send();
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
