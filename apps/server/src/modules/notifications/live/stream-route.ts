import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { userFromCredentials } from '../../../accounts/auth-routes.js';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { NOTIFICATION_COLUMNS, newestNotificationId, ownNotifications, unreadCount } from '../inbox/notification-rows.js';
import { writeEvent, type LiveHub } from './live-hub.js';
import { LiveStream } from './live-stream.js';

/** Comment lines keep proxies and load balancers from closing an idle stream. */
const heartbeatMs = () => Number(process.env.CRM_SSE_HEARTBEAT_MS) || 25_000;
const REPLAY_LIMIT = 50;

/**
 * GET /api/v1/notifications/stream: Server-Sent Events of the signed-in user's new notifications
 * (session cookie or API key). Events: `ready` {unread}, `notification` {notification, unread}
 * with the notification id as event id, `resync` (refetch everything). A browser reconnecting
 * with Last-Event-ID first gets what it missed. Each heartbeat and each push checks the credentials
 * again, so a logout, a revoked key or a deactivated user ends the stream with `signed_out`.
 */
export function registerStreamRoute(app: FastifyInstance, db: Kysely<Database>, hub: LiveHub) {
  app.get('/api/v1/notifications/stream', async (request, reply) => {
    const access = requireAccess(request);
    const userId = access.userId!;
    const lastEventId = String(request.headers['last-event-id'] ?? '');
    const replayAfter = /^\d{1,18}$/.test(lastEventId) ? lastEventId : null;
    // Join the hub before reading, so nothing committed meanwhile falls between replay and pushes.
    const stream = new LiveStream(reply.raw, replayAfter, () => userFromCredentials(db, request).then(Boolean));
    hub.add(userId, stream);
    let missed: Array<{ id: string }>;
    let unread: number;
    let countedUpTo: string | null = null;
    try {
      missed = replayAfter ? await ownNotifications(db, userId).select(NOTIFICATION_COLUMNS).where('id', '>', replayAfter).orderBy('id').limit(REPLAY_LIMIT).execute() : [];
      // Newest id first: one committed between the two reads is then pushed, not skipped.
      if (!replayAfter) countedUpTo = await newestNotificationId(db, userId);
      unread = await unreadCount(db, userId);
    } catch (error) {
      hub.remove(userId, stream);
      throw error;
    }

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
    stream.finishReplay(missed, unread, countedUpTo);
    const heartbeat = setInterval(async () => {
      const signedIn = await userFromCredentials(db, request).then(Boolean, () => true); // a database hiccup is not a logout
      if (res.destroyed) return;
      if (signedIn) return void res.write(': ping\n\n');
      stream.signOut();
    }, heartbeatMs());
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      hub.remove(userId, stream);
    });
  });
}
