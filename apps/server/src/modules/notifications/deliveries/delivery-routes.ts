import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { requireAdmin } from '../../../engine/permissions/request-access.js';
import { badRequest, notFound, parseInput } from '../../../http/errors.js';
import { announce } from '../live/channel.js';

const listQuery = z.object({ status: z.enum(['pending', 'queued', 'sent', 'failed']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

/** What was sent by e-mail and to robots, with errors, for administrators; a failed one can be sent again. */
export function registerDeliveryRoutes(app: FastifyInstance, db: Kysely<Database>) {
  app.get('/api/v1/notifications/deliveries', async (request) => {
    requireAdmin(request);
    const q = parseInput(listQuery, request.query);
    let query = db
      .selectFrom('notification_deliveries as d')
      .leftJoin('users as u', 'u.id', 'd.user_id')
      .select(['d.id', 'd.channel', 'd.status', 'd.attempts', 'd.last_error', 'd.created_at', 'd.sent_at', 'd.payload', 'u.name as user_name'])
      .orderBy('d.id', 'desc')
      .limit(q.limit);
    if (q.status) query = query.where('d.status', '=', q.status);
    const rows = await query.execute();
    // The summary only: never the robot's secret or the whole message.
    return {
      data: rows.map(({ payload, ...r }) => {
        const p = payload as { to?: string; subject?: string; title?: string; provider?: string };
        return { ...r, recipient: p.to ?? p.provider ?? null, subject: p.subject ?? p.title ?? null };
      }),
    };
  });

  app.post('/api/v1/notifications/deliveries/:id/retry', async (request) => {
    requireAdmin(request);
    const { id } = parseInput(z.object({ id: z.string().regex(/^\d{1,18}$/, 'a delivery id') }), request.params);
    const row = await db.selectFrom('notification_deliveries').select('status').where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('delivery');
    if (row.status !== 'failed') throw badRequest('only a failed delivery can be sent again', [{ path: 'id', message: `is ${row.status}` }]);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('notification_deliveries').set({ status: 'pending' }).where('id', '=', id).execute();
      await announce(trx, [{ type: 'deliveries' }]);
    });
    return { ok: true };
  });
}
