import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { requireAccess, requireAdmin } from '../../../engine/permissions/request-access.js';
import { badRequest, notFound, parseInput } from '../../../http/errors.js';
import { notify, type NotifyInput } from '../notify.js';
import { NOTIFICATION_COLUMNS, ownNotifications, unreadCount } from './notification-rows.js';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  unread: z.enum(['true', 'false']).optional(),
});

/** Keyset cursor over (unread first, then newest first by id, which follows creation): base64url of "read|id". */
const cursorSchema = z.tuple([z.enum(['0', '1']), z.string().regex(/^\d{1,18}$/)]);
const encodeCursor = (read: boolean, id: string) => Buffer.from(`${read ? 1 : 0}|${id}`).toString('base64url');
function decodeCursor(cursor: string) {
  const parts = Buffer.from(cursor, 'base64url').toString().split('|');
  const parsed = cursorSchema.safeParse(parts);
  if (!parsed.success) throw badRequest('invalid cursor', [{ path: 'cursor', message: 'not a cursor from this list' }]);
  return { read: parsed.data[0] === '1', id: parsed.data[1] };
}

/** The signed-in user's own notification centre; nobody ever reads or marks another user's notifications. */
export function registerInboxRoutes(app: FastifyInstance, db: Kysely<Database>) {
  app.get('/api/v1/notifications', async (request) => {
    const userId = requireAccess(request).userId!;
    const q = parseInput(listQuery, request.query);
    const c = q.cursor ? decodeCursor(q.cursor) : null;
    // Unread first, then read, each newest first: two index range scans rather than sorting all of
    // a user's notifications (the cursor says which part it is in).
    const part = (read: boolean, afterId: string | null, limit: number) => {
      let query = ownNotifications(db, userId).select([...NOTIFICATION_COLUMNS]).where('read_at', read ? 'is not' : 'is', null);
      if (afterId) query = query.where('id', '<', afterId);
      return query.orderBy('id', 'desc').limit(limit).execute();
    };
    const rows = [];
    if (q.unread !== 'false' && !c?.read) rows.push(...(await part(false, c?.id ?? null, q.limit + 1)));
    if (q.unread !== 'true' && rows.length <= q.limit) rows.push(...(await part(true, c?.read ? c.id : null, q.limit + 1 - rows.length)));
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      data: page,
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.read_at !== null, last.id) : null,
      unread: await unreadCount(db, userId),
    };
  });

  /** Administrators (and their integrations' API keys) send a notification to users, e.g. an announcement. */
  app.post('/api/v1/notifications', async (request, reply) => {
    requireAdmin(request);
    // notify() validates the body itself (400 naming the field).
    const result = await notify(request.body as NotifyInput, db);
    return reply.status(201).send({ data: result });
  });

  app.get('/api/v1/notifications/unread-count', async (request) => {
    const userId = requireAccess(request).userId!;
    return { count: await unreadCount(db, userId) };
  });

  app.post('/api/v1/notifications/:id/read', async (request) => {
    const userId = requireAccess(request).userId!;
    const { id } = parseInput(z.object({ id: z.string() }), request.params);
    // Another user's notification is "not found", exactly like a missing one.
    if (!/^\d{1,18}$/.test(id)) throw notFound('notification');
    const row = await db
      .updateTable('notifications')
      .set({ read_at: sql`coalesce(read_at, now())` })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('in_app', '=', true)
      .returning(NOTIFICATION_COLUMNS)
      .executeTakeFirst();
    if (!row) throw notFound('notification');
    return { data: row, unread: await unreadCount(db, userId) };
  });

  app.post('/api/v1/notifications/read-all', async (request) => {
    const userId = requireAccess(request).userId!;
    const result = await db.updateTable('notifications').set({ read_at: new Date() }).where('user_id', '=', userId).where('in_app', '=', true).where('read_at', 'is', null).executeTakeFirst();
    return { marked: Number(result.numUpdatedRows), unread: 0 };
  });
}
