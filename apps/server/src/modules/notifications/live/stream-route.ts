import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { NOTIFICATION_COLUMNS, ownNotifications, unreadCount } from '../inbox/notification-rows.js';
import { writeEvent, type LiveHub } from './live-hub.js';

/** Comment lines keep proxies and load balancers from closing an idle stream. */
const heartbeatMs = () => Number(process.env.CRM_SSE_HEARTBEAT_MS) || 25_000;
const REPLAY_LIMIT = 50;

/**
 * GET /api/v1/notifications/stream: Server-Sent Events of the signed-in user's new notifications
 * (session cookie or API key). Events: `ready` {unread}, `notification` {notification, unread}
 * with the notification id as event id, `resync` (refetch everything). A browser reconnecting
 * with Last-Event-ID first gets what it missed.
 */
export function registerStreamRoute(app: FastifyInstance, db: Kysely<Database>, hub: LiveHub) {
  app.get('/api/v1/notifications/stream', async (request, reply) => {
    const access = requireAccess(request);
    const userId = access.userId!;
    const lastId = String(request.headers['last-event-id'] ?? '');
    const missed = /^\d{1,18}$/.test(lastId)
      ? await ownNotifications(db, userId).select(NOTIFICATION_COLUMNS).where('id', '>', lastId).orderBy('id').limit(REPLAY_LIMIT).execute()
      : [];
    const unread = await unreadCount(db, userId);

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    writeEvent(res, 'ready', { unread });
    for (const row of missed) writeEvent(res, 'notification', { notification: row, unread }, row.id);
    hub.add(userId, res);
    const heartbeat = setInterval(() => !res.destroyed && res.write(': ping\n\n'), heartbeatMs());
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      hub.remove(userId, res);
    });
  });
}
